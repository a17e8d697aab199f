/** Checking IANA time zone names and mapping fixed UTC offsets to IANA zones. */
import { Temporal } from "./engine";

// Temporal also takes offsets such as "+02:00" as zones, but the Tasks API wants a name.
const OFFSET = /^[+\-\u2212]\d/;

/** Tells whether a name is an IANA time zone name (or link), spelled exactly, or "UTC". */
export function isIanaZone(name: string): boolean {
  return !OFFSET.test(name) && resolveZone(name) === name;
}

/** Says why a name is not a usable time zone, with a close valid name when there is one. */
export function zoneProblem(name: string): string | undefined {
  if (name.trim() === "")
    return 'the time zone is empty; give an IANA name such as "Europe/London"';
  if (isIanaZone(name)) return undefined;
  if (OFFSET.test(name)) {
    return (
      `"${name}" is a UTC offset, not an IANA time zone name; use the zone of the place, such ` +
      'as "Europe/Berlin", or a fixed zone such as "Etc/GMT-2" (sign inverted: UTC+02:00)'
    );
  }
  const close = suggestZone(name);
  const hint = close ? `did you mean "${close}"?` : 'use a name such as "Europe/London" or "UTC"';
  return `"${name}" is not an IANA time zone name; ${hint}`;
}

/** Suggests the valid zone name closest to a misspelt one, or nothing when none is close. */
export function suggestZone(name: string): string | undefined {
  const sameLetters = resolveZone(name);
  if (sameLetters !== undefined && !OFFSET.test(sameLetters)) return sameLetters;

  // Allow about one slip per four letters, so that "XYZ" is not offered "UTC".
  const allowed = Math.max(1, Math.min(3, Math.floor(name.length / 4)));
  let best: { zone: string; distance: number } | undefined;
  for (const zone of [...Intl.supportedValuesOf("timeZone"), "UTC"]) {
    const distance = editDistance(name.toLowerCase(), zone.toLowerCase());
    if (distance <= allowed && (!best || distance < best.distance)) {
      best = { zone, distance };
    }
  }
  return best?.zone;
}

/** Gives the IANA zone that keeps a fixed UTC offset all year, or nothing if IANA has none. */
export function fixedZoneForOffset(offsetMinutes: number): string | undefined {
  if (offsetMinutes === 0) return "UTC";
  if (offsetMinutes % 60 !== 0) return undefined;

  const hours = offsetMinutes / 60;
  if (hours < -12 || hours > 14) return undefined;
  // The Etc zones follow POSIX, where the sign is inverted: Etc/GMT-2 is two hours ahead of UTC.
  return `Etc/GMT${hours > 0 ? "-" : "+"}${Math.abs(hours)}`;
}

/** The zone id Temporal resolves a name to (case fixed, links kept), or nothing if unknown. */
function resolveZone(name: string): string | undefined {
  try {
    return Temporal.ZonedDateTime.from({ year: 2000, month: 1, day: 1, timeZone: name }).timeZoneId;
  } catch {
    return undefined;
  }
}

/** Levenshtein distance, enough to catch a dropped, doubled or swapped letter. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
