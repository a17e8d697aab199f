/**
 * The date and recurrence libraries that the schedule logic stands on, loaded in one place.
 *
 * Why these two. `rrule` 2.8 expands TZID rules into "floating" Date objects that it reads in
 * the host's zone, so its answers change with `TZ`: under TZ=Australia/Sydney a Sydney rule at
 * 16:00 came out at 16:00Z instead of 06:00Z, and even under TZ=UTC a Europe/Berlin rule at
 * 02:30 produced a run at 00:30Z on 2025-03-30, a day on which 02:30 does not exist. It also
 * accepts BYHOUR=25 and COUNT with UNTIL. `rrule-temporal` expands rules on Temporal
 * wall-clock values in the rule's own zone: it skips times in a spring-forward gap, gives one
 * run in a fall-back overlap and answers the same under every host zone we tried (UTC,
 * Australia/Sydney, America/Los_Angeles). Its CommonJS build carries its own Temporal code, so
 * it loads with plain `require` in the dynamic-provider host and in Jest.
 *
 * For our own date-time values we use `@js-temporal/polyfill`, the proposal champions'
 * polyfill, rather than `temporal-polyfill` (ESM only, which Jest on Node 22 cannot require) or
 * `luxon` (a second date model beside the Temporal objects that `rrule-temporal` hands back).
 */
export { Temporal } from "@js-temporal/polyfill";
export { RRuleTemporal } from "rrule-temporal";
