/**
 * A small RFC 5545 RRULE checker, enough to answer like Qlik's scheduler (CHO-017) does: one
 * rule line, FREQ present, only known parts, each value in range. It does not expand rules;
 * the simulator never runs schedules. Deliberately independent of the provider's own parser,
 * so that a bug there cannot hide behind the same bug here.
 */

const frequencies = ["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"];
const weekday = /^(MO|TU|WE|TH|FR|SA|SU)$/;
const byDay = /^[+-]?([1-9]|[1-4]\d|5[0-3])?(MO|TU|WE|TH|FR|SA|SU)$/;
const until = /^\d{8}(T\d{6}Z?)?$/;

type Check = (value: string) => boolean;

const positiveInt: Check = (value) => /^[1-9]\d*$/.test(value);

/** A comma list of integers in [min, max], optionally signed (negative counts from the end). */
function intList(min: number, max: number, signed = false): Check {
  const pattern = signed ? /^[+-]?\d+$/ : /^\d+$/;
  return (value) =>
    value.split(",").every((item) => {
      const magnitude = Math.abs(Number(item));
      return pattern.test(item) && magnitude >= min && magnitude <= max;
    });
}

const partChecks: Record<string, Check> = {
  FREQ: (value) => frequencies.includes(value),
  UNTIL: (value) => until.test(value),
  COUNT: positiveInt,
  INTERVAL: positiveInt,
  BYSECOND: intList(0, 60),
  BYMINUTE: intList(0, 59),
  BYHOUR: intList(0, 23),
  BYDAY: (value) => value.split(",").every((day) => byDay.test(day)),
  BYMONTHDAY: intList(1, 31, true),
  BYYEARDAY: intList(1, 366, true),
  BYWEEKNO: intList(1, 53, true),
  BYMONTH: intList(1, 12),
  BYSETPOS: intList(1, 366, true),
  WKST: (value) => weekday.test(value),
};

/** Why a recurrence string is not exactly one valid RRULE, or undefined when it is one. */
export function rruleProblem(text: string): string | undefined {
  if (/[\r\n]/.test(text) || text.split("RRULE:").length > 2) {
    return "expected exactly one RRULE line";
  }

  const body = text.startsWith("RRULE:") ? text.slice("RRULE:".length) : text;
  if (body.trim() === "") return "the rule is empty";

  const seen = new Set<string>();
  for (const part of body.split(";")) {
    const problem = partProblem(part, seen);
    if (problem) return problem;
  }

  if (!seen.has("FREQ")) return "FREQ is required";
  if (seen.has("COUNT") && seen.has("UNTIL")) return "COUNT and UNTIL cannot both be set";
  return undefined;
}

/** Checks one NAME=VALUE part and records its name in `seen`. */
function partProblem(part: string, seen: Set<string>): string | undefined {
  const [name, value, ...rest] = part.split("=");
  if (!name || value === undefined || rest.length > 0) return `"${part}" is not NAME=VALUE`;

  const check = partChecks[name];
  if (!check) return `unknown rule part "${name}"`;
  if (seen.has(name)) return `${name} is given twice`;
  if (!check(value)) return `${name}=${value} is not a valid value`;

  seen.add(name);
  return undefined;
}
