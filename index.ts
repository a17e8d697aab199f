/**
 * Pulumi entry point: declares the tasks listed in `stacks/<stack>.yaml` for the selected stack.
 * The tenant and its API key come from the stack's config (`qlik:tenantUrl`, `qlik:apiKey`).
 */
import * as pulumi from "@pulumi/pulumi";
import { declareStackTasks } from "./provider/program";

export const tasks = declareStackTasks(pulumi.getStack());
