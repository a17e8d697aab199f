/** The rules by which a reload task's schedule becomes a task's schedule, as a printable table. */

/** One row of the conversion table: the legacy shape, the task shape and the reason. */
export interface LegacyScheduleRule {
  legacy: string;
  task: string;
  why: string;
}

/** How each legacy schedule shape is migrated; the README prints this table. */
export const LEGACY_SCHEDULE_RULES: readonly LegacyScheduleRule[] = [
  {
    legacy: "`recurrence` with one RRULE line",
    task: "`recurrence`: that line in canonical form (prefix, FREQ first, other parts in order)",
    why: "a task takes one rule; its meaning is never rewritten (no HOURLY to DAILY, no BYHOUR shift)",
  },
  {
    legacy: "`recurrence` with two or more lines",
    task: "none: a person splits it, one task per line with start and zone written out",
    why: "dropping a line would lose runs silently; only the first task can use `migrateFrom`",
  },
  {
    legacy: '`recurrence: []` and `startDateTime: ""`',
    task: "none: nothing to migrate",
    why: "the reload task has no time-based schedule (autoReload only)",
  },
  {
    legacy: "`timeZone` with an IANA name",
    task: "`timezone` (lower-case z) with the same name",
    why: "a misspelt key is ignored by the service, which then runs the task in UTC",
  },
  {
    legacy: "`startDateTime` / `endDateTime` without offset, with `timeZone`",
    task: "the same wall times",
    why: "both APIs read them as local time in the zone",
  },
  {
    legacy: "an offset in `startDateTime` or `endDateTime` while `timeZone` is set",
    task: "none: a person states the local time",
    why: "Qlik allows a zone or an offset, not both, so the intended time is unclear",
  },
  {
    legacy: "no `timeZone`, `startDateTime` ending in `Z` or `+00:00`",
    task: '`timezone: "UTC"`, the same wall time',
    why: "the runs stay at the same instants",
  },
  {
    legacy: "no `timeZone`, a whole-hour offset such as `+02:00`",
    task: '`timezone: "Etc/GMT-2"` (sign inverted), the same wall time; the end moved to that zone',
    why: "a fixed-offset zone has no daylight saving change either, so the runs stay identical",
  },
  {
    legacy: "no `timeZone`, and an offset such as `+05:30` or no offset at all",
    task: "none: a person picks the IANA zone",
    why: "IANA has no fixed zone for that offset, and guessing a place could move runs at DST",
  },
];
