/**
 * Schedule logic: pure functions over task schedules and legacy reload-task schedules. Nothing
 * here calls the network or reads the host's time zone.
 */
export {
  endAfterStart,
  parseOffsetDateTime,
  parseScheduleDateTime,
  sameDateTime,
  wallTimeIn,
  type OffsetDateTime,
} from "./datetime";
export {
  LEGACY_SCHEDULE_RULES,
  scheduleFromReloadTask,
  splitReloadTaskSchedules,
  type LegacyConversion,
  type LegacySchedule,
  type LegacyScheduleRule,
  type LegacySplit,
  type NeedsPerson,
} from "./legacy";
export {
  canonicalRecurrence,
  parseRecurrence,
  recurrencesEqual,
  type RuleParts,
} from "./recurrence";
export { describeRuns, nextRuns } from "./runs";
export type { Checked, Run, ScheduleInput, TaskSchedule } from "./types";
export { fixedZoneForOffset, isIanaZone, suggestZone, zoneProblem } from "./zones";
