/**
 * Working days in Jambi, for complaint deadlines. A day is an Asia/Jakarta (WIB) calendar day, `YYYY-MM-DD`; WIB is
 * UTC+7 all year (Indonesia has no daylight saving), so day boundaries are fixed offsets from UTC. Saturdays, Sundays
 * and the holidays given (libur nasional, cuti bersama) are not working days.
 *
 * Pure functions: the caller supplies the holidays, so that a deadline always reflects the holiday list as it is
 * when the deadline is read (an admin may declare a holiday after a complaint was filed).
 */
import { jakartaDay } from './queue.js';

/** Days (`YYYY-MM-DD`) that are not working days besides weekends. */
export type HolidaySet = ReadonlySet<string>;

const DAY_MS = 86_400_000;
const WIB_OFFSET_MS = 7 * 3_600_000;
/** A walk over more days than this means the holiday list is absurd (or the caller is): fail instead of looping. */
const MAX_WALK_DAYS = 3_660;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a calendar day. Throws on anything that is not `YYYY-MM-DD` of a real date. */
function dayNumber(day: string): number {
  const match = ISO_DAY.exec(day);
  if (match === null) throw new RangeError(`not a day: ${day}`);
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== day) throw new RangeError(`not a calendar day: ${day}`);
  return ms / DAY_MS;
}

function dayFromNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** `day` moved by `days` calendar days (negative: back). */
export function addDays(day: string, days: number): string {
  return dayFromNumber(dayNumber(day) + days);
}

/** Monday to Friday, and not a holiday. */
export function isWorkingDay(day: string, holidays: HolidaySet): boolean {
  const weekday = new Date(dayNumber(day) * DAY_MS).getUTCDay(); // 0 = Sunday
  return weekday !== 0 && weekday !== 6 && !holidays.has(day);
}

function nthWorkingDay(day: string, n: number, step: 1 | -1, holidays: HolidaySet): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working-day count must be a positive integer, not ${n}`);
  let current = dayNumber(day);
  for (let walked = 0, found = 0; walked < MAX_WALK_DAYS; walked++) {
    current += step;
    if (isWorkingDay(dayFromNumber(current), holidays) && ++found === n) return dayFromNumber(current);
  }
  throw new RangeError(`no ${n} working days within ${MAX_WALK_DAYS} days of ${day}`);
}

/** The `n`th working day after `day` (`day` itself does not count, whether or not it is a working day). */
export function nthWorkingDayAfter(day: string, n: number, holidays: HolidaySet): string {
  return nthWorkingDay(day, n, 1, holidays);
}

/** The `n`th working day before `day`, counting back (`day` itself does not count). */
export function nthWorkingDayBefore(day: string, n: number, holidays: HolidaySet): string {
  return nthWorkingDay(day, n, -1, holidays);
}

/** 00:00:00.000 WIB of `day`. */
export function startOfJakartaDay(day: string): Date {
  return new Date(dayNumber(day) * DAY_MS - WIB_OFFSET_MS);
}

/** 23:59:59.999 WIB of `day`: the last instant a deadline on `day` is still met. */
export function endOfJakartaDay(day: string): Date {
  return new Date(startOfJakartaDay(day).getTime() + DAY_MS - 1);
}

/** The end of the `workingDays`th working day after the (WIB) day of `start`. */
export function deadlineAfter(start: Date, workingDays: number, holidays: HolidaySet): Date {
  return endOfJakartaDay(nthWorkingDayAfter(jakartaDay(start), workingDays, holidays));
}

/**
 * The instant before which a start makes `deadlineAfter(start, workingDays)` already past at `now`, so that "overdue"
 * can be a plain `start < cutoff` in SQL. A deadline is past when `now`'s day is later than the deadline's day, i.e.
 * when at least `workingDays` working days lie strictly between the start's day and today; that holds exactly for
 * starts on days before the `workingDays`th working day before today.
 *
 * `holidays` must cover the days from the cutoff to today (a few weeks back is plenty).
 */
export function overdueCutoff(now: Date, workingDays: number, holidays: HolidaySet): Date {
  return startOfJakartaDay(nthWorkingDayBefore(jakartaDay(now), workingDays, holidays));
}

/** The calendar years `deadlineAfter` may look at for a start on `day`: its own and the next (late-December starts). */
export function yearsFrom(day: string): [number, number] {
  const year = Number(day.slice(0, 4));
  return [year, year + 1];
}
