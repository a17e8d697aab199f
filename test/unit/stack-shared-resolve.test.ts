import { type AppLookupClient, resolveAppReferences } from "../../provider/app-lookup";
import { APP_ID_PENDING } from "../../provider/app-ref";
import type { Declaration } from "../../provider/stack-file";

const SCHEDULE = {
  recurrence: "RRULE:FREQ=DAILY",
  startDateTime: "2026-01-05T05:00:00",
  endDateTime: undefined,
  timezone: "UTC",
};
const BASE = { usage: "ANALYTICS", enabled: true, partial: false, schedule: SCHEDULE } as const;

/** A client over one space and its apps that counts its calls. */
function fakeClient(calls: string[]): AppLookupClient {
  return {
    listSpaces: async (name) => {
      calls.push(`spaces ${name}`);
      return [
        { id: "space-1", name: "Sales" },
        { id: "space-2", name: "Sales Archive" },
      ];
    },
    listAppsByName: async (name, spaceId) => {
      calls.push(`items ${name} ${spaceId}`);
      return [{ id: "item-1", name: "Sales Dashboard", resourceType: "app", resourceId: "app-1" }];
    },
  };
}

function byName(key: string): Declaration {
  return {
    key,
    inputs: { ...BASE, name: key, appId: APP_ID_PENDING },
    app: {
      name: "Sales Dashboard",
      space: "Sales",
      file: "stacks/prod.yaml",
      entry: `tasks (${key})`,
    },
  };
}

describe("resolveAppReferences", () => {
  it("makes no client and no call when no entry names its app", async () => {
    const connect = jest.fn(() => fakeClient([]));
    const declarations: Declaration[] = [
      { key: "a", inputs: { ...BASE, name: "a", appId: "app-9" } },
    ];

    await expect(resolveAppReferences(declarations, connect)).resolves.toBe(declarations);
    expect(connect).not.toHaveBeenCalled();
  });

  it("puts the app and space ids in place of the reference, asking once per name", async () => {
    const calls: string[] = [];
    const resolved = await resolveAppReferences([byName("a"), byName("b")], () =>
      fakeClient(calls),
    );

    expect(resolved.map((d) => [d.key, d.inputs.appId, d.inputs.spaceId, d.app])).toEqual([
      ["a", "app-1", "space-1", undefined],
      ["b", "app-1", "space-1", undefined],
    ]);
    expect(calls).toEqual(["spaces Sales", "items Sales Dashboard space-1"]);
  });
});
