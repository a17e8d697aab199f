/** Shapes shared by the schedule modules. */

/** The `start.schedule` of a task, as the Tasks API takes it. */
export interface TaskSchedule {
  /** One RRULE line, in canonical form. */
  recurrence: string;
  /** Local wall time in `timezone`, `YYYY-MM-DDTHH:mm:ss`, without an offset. */
  startDateTime: string;
  /** Local wall time in `timezone`; absent when the schedule never ends. */
  endDateTime?: string;
  /** An IANA time zone name; the Tasks API spells the key with a lower-case z. */
  timezone: string;
}

/** A schedule as it arrives from inputs or from the service, with a possibly empty end. */
export interface ScheduleInput {
  recurrence: string;
  startDateTime: string;
  endDateTime?: string | null;
  timezone: string;
}

/** One computed run: the instant in UTC and the wall time in the task's zone. */
export interface Run {
  /** ISO 8601 instant ending in `Z`, for example `2016-10-02T05:00:00Z`. */
  utc: string;
  /** Wall time in the task's zone, `YYYY-MM-DD HH:mm`. */
  local: string;
}

/** A check that either passed or says, quoting the bad value, why it did not. */
export type Checked<T> = ({ ok: true } & T) | { ok: false; reason: string };
