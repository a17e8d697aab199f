/**
 * The QlikTask resource: one scheduled reload of one Qlik Cloud app, managed through the Tasks
 * API. See the README for which changes update a task in place and which replace it.
 */
import * as pulumi from "@pulumi/pulumi";
import { serializedProvider } from "./shim";
import { STACK_INPUT } from "./stack-config";

/** When the reload runs. Times are local wall time in `timezone`; no UTC offset. */
export interface QlikTaskSchedule {
  /** One RFC 5545 RRULE, with or without the `RRULE:` prefix, e.g. FREQ=DAILY;BYHOUR=6;BYMINUTE=0. */
  recurrence: pulumi.Input<string>;
  /** First possible run, `YYYY-MM-DDTHH:mm:ss` in `timezone`. */
  startDateTime: pulumi.Input<string>;
  /** Last possible run, same form; absent for no end. */
  endDateTime?: pulumi.Input<string>;
  /** IANA zone name the rule is expanded in, e.g. Europe/London; write UTC for UTC. */
  timezone: pulumi.Input<string>;
}

/** The schedule as the state holds it. */
export interface LiveSchedule {
  recurrence: string;
  startDateTime: string;
  endDateTime?: string;
  timezone: string;
}

/** Inputs of a QlikTask. */
export interface QlikTaskArgs {
  /** The task's name in Qlik. */
  name: pulumi.Input<string>;
  /** The app the task reloads. Changing it replaces the task. */
  appId: pulumi.Input<string>;
  /** The space the task operates in (the app's space). */
  spaceId?: pulumi.Input<string>;
  /** Product domain; default ANALYTICS. */
  usage?: pulumi.Input<"ANALYTICS" | "DATA_PREPARATION" | "DATAFLOW_PREP" | "SINGLE_TABLE_PREP">;
  /** Whether the schedule runs. Default true: Qlik creates tasks disabled unless told. */
  enabled?: pulumi.Input<boolean>;
  /** Partial reload. Default false. */
  partial?: pulumi.Input<boolean>;
  description?: pulumi.Input<string>;
  schedule: pulumi.Input<QlikTaskSchedule>;
  /** A legacy reload task to migrate on the first create only; ignored afterwards. */
  migrateFrom?: pulumi.Input<string>;
  /** An existing task to bring under management instead of creating one (Pulumi's `import`
   * option does not work for dynamic resources). Ignored after the first create. */
  adoptTaskId?: pulumi.Input<string>;
}

/**
 * The provider instance the QlikTasks of a stack share. It is explicit on purpose: the engine
 * gives a dynamic provider's default instance the whole stack config and keeps it in the state,
 * credentials included. This one holds only the stack's name (see provider/stack-config.ts).
 */
class QlikTasksProvider extends pulumi.ProviderResource {
  constructor(stack: string) {
    super("pulumi-nodejs", "qlik-tasks", { [STACK_INPUT]: stack });
  }
}

/** One provider per run: keyed by the run's stack resource, since the Automation API can run
 * several programs, one after another, in one process. */
const providers = new WeakMap<object, QlikTasksProvider>();

/** The provider instance of the current run. */
export function stackProvider(): pulumi.ProviderResource {
  const run = pulumi.runtime.getStackResource() ?? providers;
  let provider = providers.get(run);
  if (!provider) {
    provider = new QlikTasksProvider(pulumi.getStack());
    providers.set(run, provider);
  }
  return provider;
}

/** One scheduled app reload in Qlik Cloud. */
export class QlikTask extends pulumi.dynamic.Resource {
  /** The task's id in Qlik (also the resource's id). */
  declare readonly taskId: pulumi.Output<string>;
  /** The app the task reloads, as the service derives it. */
  declare readonly resourceId: pulumi.Output<string>;
  /** The task's owner: the last user who created or updated it. */
  declare readonly ownerId: pulumi.Output<string>;
  /** The reload task this task was migrated from, or "". */
  declare readonly migratedFrom: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  /** Why Qlik disabled the task (e.g. APP-SCRIPT-UPDATED), or "". */
  declare readonly disabledCode: pulumi.Output<string>;
  declare readonly enabled: pulumi.Output<boolean>;
  declare readonly schedule: pulumi.Output<LiveSchedule>;

  constructor(name: string, args: QlikTaskArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = {
      taskId: undefined,
      resourceId: undefined,
      ownerId: undefined,
      migratedFrom: undefined,
      createdAt: undefined,
      updatedAt: undefined,
      disabledCode: undefined,
    };
    const marker = `pulumi:${pulumi.getProject()}/${pulumi.getStack()}/${name}`;
    const options = { ...opts, provider: opts?.provider ?? stackProvider() };
    super(serializedProvider, name, { ...outputs, ...args, marker }, options, "qlik", "Task");
  }
}
