/**
 * Time zone names and date-times as the scheduler reads them: a local date-time is read in the
 * schedule's zone, so that "end not after start" and "end in the past" compare real instants.
 */

const knownZones = new Set([...Intl.supportedValuesOf("timeZone"), "UTC", "Etc/UTC"]);
const aliasShape = /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$/;
const dateTime =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** True for an IANA zone name; old aliases such as Asia/Calcutta count, as in tzdata. */
export function isIanaZone(name: string): boolean {
  if (knownZones.has(name)) return true;
  if (!aliasShape.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * The instant (epoch ms) of an ISO 8601 date-time: with Z or an offset as given, otherwise as
 * wall-clock time in `zone`. Undefined when the text is not a real date-time.
 */
export function instantOf(text: string, zone: string): number | undefined {
  const match = dateTime.exec(text);
  if (!match) return undefined;

  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
  const wall = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  const check = new Date(wall);
  if (check.getUTCMonth() !== month! - 1 || check.getUTCDate() !== day! || hour! > 23) {
    return undefined;
  }

  if (match[8]) return Date.parse(text);
  const guess = wall - offsetAt(wall, zone);
  return wall - offsetAt(guess, zone);
}

/** The zone's offset from UTC in ms at an instant. */
function offsetAt(epoch: number, zone: string): number {
  const parts = formatterFor(zone).formatToParts(epoch);
  const field = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const wall = Date.UTC(
    field("year"),
    field("month") - 1,
    field("day"),
    field("hour"),
    field("minute"),
    field("second"),
  );
  return wall - (epoch - (((epoch % 1000) + 1000) % 1000));
}

/** One cached formatter per zone; building them is the slow part. */
function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}
