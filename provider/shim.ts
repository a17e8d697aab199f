/**
 * The provider object that Pulumi serializes into the state of every QlikTask. It holds no
 * logic, no library and no credential: each call loads the implementation (`lifecycle.ts`) from
 * the project at run time. That keeps the serialized text small and stable, and lets a newer
 * provider serve resources created by an older one.
 *
 * The engine starts the dynamic provider in the program's folder; QLIK_TASKS_PROVIDER_ROOT
 * overrides that folder. The compiled `dist/` is used when present, else ts-node compiles the
 * TypeScript sources on the fly.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";

/** The serialized provider; every method forwards to the implementation. */
export const serializedProvider: dynamic.ResourceProvider = {
  configure: async (req) => implementation().configure!(req),
  check: async (olds, news) => implementation().check!(olds, news),
  diff: async (id, olds, news) => implementation().diff!(id, olds, news),
  create: async (inputs) => implementation().create(inputs),
  read: async (id, props) => implementation().read!(id, props),
  update: async (id, olds, news) => implementation().update!(id, olds, news),
  delete: async (id, props) => implementation().delete!(id, props),
};

/** Loads the implementation once per provider process. Everything it needs is required here,
 * inside the function, so that serialization captures no module, schema or native function. */
function implementation(): dynamic.ResourceProvider {
  const cache = globalThis as { __qlikTaskLifecycle?: dynamic.ResourceProvider };
  if (cache.__qlikTaskLifecycle) return cache.__qlikTaskLifecycle;

  const path = require("node:path");
  const fs = require("node:fs");
  const root = process.env.QLIK_TASKS_PROVIDER_ROOT || process.cwd();
  const compiled = path.join(root, "dist", "provider", "lifecycle.js");
  let lifecycle: { createLifecycle(): dynamic.ResourceProvider };
  if (fs.existsSync(compiled)) {
    lifecycle = require(compiled);
  } else {
    const tsNode = require(require.resolve("ts-node", { paths: [root] }));
    tsNode.register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
    lifecycle = require(path.join(root, "provider", "lifecycle.ts"));
  }
  cache.__qlikTaskLifecycle = lifecycle.createLifecycle();
  return cache.__qlikTaskLifecycle;
}
