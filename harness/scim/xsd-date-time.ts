/**
 * The lexical form of `xsd:dateTime`, which RFC 7643 §2.3.5 requires for SCIM dateTime values.
 */

const XSD_DATE_TIME = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const y = Math.abs(year);
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Is `value` a valid `xsd:dateTime` (XML Schema Part 2 §3.2.7), e.g. `2010-01-23T04:56:22Z`?
 * The time zone is optional, fractional seconds are allowed, `24:00:00` is allowed (end of day),
 * and month/day/hour/minute/second ranges are checked (so `2011-02-30T00:00:00Z` is rejected).
 */
export function isXsdDateTime(value: string): boolean {
  const m = XSD_DATE_TIME.exec(value);
  if (m === null) return false;
  const [, y = "", mo = "", d = "", h = "", mi = "", s = "", frac, , tzh, tzm] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (/^-?0\d{4,}/.test(y)) return false; // years beyond 4 digits may not have leading zeros
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (minute > 59 || second > 59) return false;
  if (hour > 24 || (hour === 24 && (minute !== 0 || second !== 0 || /[1-9]/.test(frac ?? "")))) return false;
  if (tzh !== undefined && tzm !== undefined) {
    const zh = Number(tzh);
    const zm = Number(tzm);
    if (zm > 59 || zh > 14 || (zh === 14 && zm !== 0)) return false;
  }
  return true;
}
