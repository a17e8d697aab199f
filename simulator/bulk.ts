/**
 * A generated tenant of N apps, each with one reload task, and the stack file that declares a
 * task for each: the first half migrate their reload task, the rest are plain creates. Used by
 * the crash-recovery tests and the benchmarks; ids are derived from the index, so a given N
 * always gives the same tenant.
 */
import localTenant from "./fixtures/local-tenant.json";

const ZONES = ["Europe/London", "America/Toronto", "Asia/Dubai", "Australia/Sydney", "UTC"];

/** The app id, reload task id and zone of entry `i`. */
export function bulkEntry(i: number) {
  const n = i.toString(16).padStart(12, "0");
  return {
    appId: `a0000000-0000-4000-8000-${n}`,
    reloadTaskId: `b000000000000${i.toString(16).padStart(11, "0")}`,
    zone: ZONES[i % ZONES.length]!,
    hour: i % 24,
  };
}

/** A seed with the local tenant's users and spaces and `count` apps with one reload task each. */
export function bulkSeed(count: number): Record<string, unknown> {
  const space = localTenant.spaces[0]!.id;
  const entries = Array.from({ length: count }, (_, i) => bulkEntry(i));
  return {
    tenantId: localTenant.tenantId,
    users: localTenant.users,
    spaces: localTenant.spaces,
    apps: entries.map((e, i) => ({ id: e.appId, name: `Bulk app ${i}`, spaceId: space })),
    reloadTasks: entries.map((e) => ({
      id: e.reloadTaskId,
      appId: e.appId,
      spaceId: space,
      partial: false,
      autoReload: false,
      recurrence: [`RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=${e.hour};BYMINUTE=0;BYSECOND=0`],
      startDateTime: "2025-01-01T00:00:00",
      timeZone: e.zone,
      state: "Enabled",
      userId: localTenant.users[0]!.id,
      tenantId: localTenant.tenantId,
    })),
    tasks: [],
  };
}

/** The stack file declaring one task per app of `bulkSeed(count)`. */
export function bulkStackYaml(count: number): string {
  const space = localTenant.spaces[0]!.id;
  const lines = ["tasks:"];
  for (let i = 0; i < count; i++) {
    const e = bulkEntry(i);
    lines.push(
      `  - key: bulk-${i}`,
      `    name: Bulk app ${i} daily`,
      `    appId: ${e.appId}`,
      `    spaceId: ${space}`,
      "    schedule:",
      `      recurrence: RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=${e.hour};BYMINUTE=0;BYSECOND=0`,
      '      startDateTime: "2025-01-01T00:00:00"',
      `      timezone: ${e.zone}`,
    );
    if (i < count / 2) lines.push(`    migrateFrom: ${e.reloadTaskId}`);
  }
  return `${lines.join("\n")}\n`;
}
