import { describe, expect, it } from 'vitest';
import {
  addDays,
  deadlineAfter,
  endOfJakartaDay,
  isWorkingDay,
  nthWorkingDayAfter,
  nthWorkingDayBefore,
  overdueCutoff,
  startOfJakartaDay,
  yearsFrom,
} from '../src/domain/working-days.js';
import { deadlinesOf, overdueCutoffs, overdueStageOf, type ComplaintStatus } from '../src/domain/complaints.js';

const NONE = new Set<string>();

describe('calendar days', () => {
  it('adds days across months, leap days and years', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('refuses what is not a calendar day', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('26-02-01', 1)).toThrow(RangeError);
  });

  it('starts and ends a day at WIB midnight (UTC+7, no daylight saving)', () => {
    expect(startOfJakartaDay('2026-11-27').toISOString()).toBe('2026-11-26T17:00:00.000Z');
    expect(endOfJakartaDay('2026-11-27').toISOString()).toBe('2026-11-27T16:59:59.999Z');
    // July is no different from November: there is no summer time in Indonesia.
    expect(startOfJakartaDay('2026-07-01').toISOString()).toBe('2026-06-30T17:00:00.000Z');
  });
});

describe('working days', () => {
  it('are Monday to Friday, holidays excepted', () => {
    expect(isWorkingDay('2026-11-27', NONE)).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28', NONE)).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-29', NONE)).toBe(false); // Sunday
    expect(isWorkingDay('2026-11-30', NONE)).toBe(true); // Monday
    expect(isWorkingDay('2026-11-30', new Set(['2026-11-30']))).toBe(false);
  });

  it('count from the day after, skipping weekends and holidays', () => {
    // From Friday: Monday, Tuesday, Wednesday.
    expect(nthWorkingDayAfter('2026-11-27', 3, NONE)).toBe('2026-12-02');
    // With Monday a holiday: Tuesday, Wednesday, Thursday.
    expect(nthWorkingDayAfter('2026-11-27', 3, new Set(['2026-11-30']))).toBe('2026-12-03');
    // A weekend day itself does not count either: from Saturday, Monday is the first.
    expect(nthWorkingDayAfter('2026-11-28', 1, NONE)).toBe('2026-11-30');
    // Idul Fitri 2026: Wednesday 18 March to Tuesday 24 March are all off (2026 decree).
    const lebaran = new Set(['2026-03-18', '2026-03-19', '2026-03-20', '2026-03-23', '2026-03-24']);
    expect(nthWorkingDayAfter('2026-03-17', 1, lebaran)).toBe('2026-03-25');
    // From Monday 16 March: Tue 17, Wed 25, Thu 26, Fri 27, Mon 30.
    expect(nthWorkingDayAfter('2026-03-16', 5, lebaran)).toBe('2026-03-30');
  });

  it('count back the same way', () => {
    // Before Wednesday 2 December: Tue 1, Mon 30, Fri 27.
    expect(nthWorkingDayBefore('2026-12-02', 3, NONE)).toBe('2026-11-27');
    expect(nthWorkingDayBefore('2026-12-04', 3, new Set(['2026-11-30']))).toBe('2026-12-01');
    // Back from Monday 4 January 2027 over the weekend and New Year's Day into the previous year.
    expect(nthWorkingDayBefore('2027-01-04', 1, NONE)).toBe('2027-01-01');
    expect(nthWorkingDayBefore('2027-01-04', 1, new Set(['2027-01-01']))).toBe('2026-12-31');
  });

  it('refuse a count that is not a positive integer', () => {
    expect(() => nthWorkingDayAfter('2026-11-27', 0, NONE)).toThrow(RangeError);
    expect(() => nthWorkingDayAfter('2026-11-27', 1.5, NONE)).toThrow(RangeError);
  });
});

describe('deadlines', () => {
  // Friday 27 November 2026, 15:30 WIB.
  const fridayAfternoon = new Date('2026-11-27T08:30:00Z');
  const mondayOff = new Set(['2026-11-30']);

  it('end on the last millisecond (WIB) of the nth working day after the start', () => {
    expect(deadlineAfter(fridayAfternoon, 3, NONE).toISOString()).toBe('2026-12-02T16:59:59.999Z');
    expect(deadlineAfter(fridayAfternoon, 3, mondayOff).toISOString()).toBe('2026-12-03T16:59:59.999Z');
  });

  it('count from the WIB day, not the UTC one', () => {
    // 23:30 WIB on Thursday 26 November is still the 26th in UTC too; 00:30 WIB Friday is Thursday in UTC.
    const justAfterMidnightFriday = new Date('2026-11-26T17:30:00Z');
    expect(deadlineAfter(justAfterMidnightFriday, 1, NONE).toISOString()).toBe('2026-11-30T16:59:59.999Z');
    const justBeforeMidnightThursday = new Date('2026-11-26T16:59:59.999Z');
    expect(deadlineAfter(justBeforeMidnightThursday, 1, NONE).toISOString()).toBe('2026-11-27T16:59:59.999Z');
  });

  it('give a complaint its verification deadline, and its follow-up deadline once verified', () => {
    const submitted = deadlinesOf({ assignedAt: fridayAfternoon, verifiedAt: null }, mondayOff);
    expect(submitted).toEqual({ verificationDue: new Date('2026-12-03T16:59:59.999Z'), followUpDue: null });
    // Verified on Tuesday 1 December: five working days are Wed 2, Thu 3, Fri 4, Mon 7, Tue 8.
    const verified = deadlinesOf({ assignedAt: fridayAfternoon, verifiedAt: new Date('2026-12-01T03:00:00Z') }, mondayOff);
    expect(verified.followUpDue?.toISOString()).toBe('2026-12-08T16:59:59.999Z');
  });

  it('make a complaint overdue at the first instant after its deadline, and only in the step the deadline is for', () => {
    const d = deadlinesOf({ assignedAt: fridayAfternoon, verifiedAt: new Date('2026-12-01T03:00:00Z') }, mondayOff);
    const at = (iso: string, status: ComplaintStatus) => overdueStageOf({ status }, d, new Date(iso));
    expect(at('2026-12-03T16:59:59.999Z', 'SUBMITTED')).toBeNull();
    expect(at('2026-12-03T17:00:00.000Z', 'SUBMITTED')).toBe('VERIFICATION');
    expect(at('2026-12-08T16:59:59.999Z', 'VERIFIED')).toBeNull();
    expect(at('2026-12-08T17:00:00.000Z', 'VERIFIED')).toBe('FOLLOW_UP');
    expect(at('2027-06-01T00:00:00.000Z', 'RESPONDED')).toBeNull();
    expect(at('2027-06-01T00:00:00.000Z', 'CLOSED')).toBeNull();
  });

  it('names the years whose holidays a deadline may need', () => {
    expect(yearsFrom('2026-12-30')).toEqual([2026, 2027]);
  });
});

describe('the overdue cutoff used in SQL', () => {
  it('puts the Friday-afternoon complaint past its deadline from the start of Friday 4 December, not before', () => {
    const mondayOff = new Set(['2026-11-30']);
    expect(overdueCutoff(new Date('2026-12-03T16:59:59.999Z'), 3, mondayOff).toISOString()).toBe('2026-11-26T17:00:00.000Z');
    expect(overdueCutoff(new Date('2026-12-03T17:00:00.000Z'), 3, mondayOff).toISOString()).toBe('2026-11-30T17:00:00.000Z');
    const filed = new Date('2026-11-27T08:30:00Z');
    expect(filed < overdueCutoff(new Date('2026-12-03T16:59:59.999Z'), 3, mondayOff)).toBe(false);
    expect(filed < overdueCutoff(new Date('2026-12-03T17:00:00.000Z'), 3, mondayOff)).toBe(true);
  });

  it('agrees with the deadline for every start and every moment (a deterministic sweep over 2026-2027)', () => {
    const holidays = new Set(['2026-12-24', '2026-12-25', '2027-01-01', '2026-11-30', '2026-12-31']);
    // A simple linear congruential generator: reproducible "random" instants, no dependency.
    let seed = 20261127;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const base = Date.parse('2026-11-01T00:00:00Z');
    for (let i = 0; i < 3_000; i++) {
      const start = new Date(base + Math.floor(next() * 80 * 86_400_000));
      const now = new Date(start.getTime() + Math.floor(next() * 20 * 86_400_000));
      for (const days of [3, 5]) {
        const late = now > deadlineAfter(start, days, holidays);
        expect(start < overdueCutoff(now, days, holidays), `${start.toISOString()} +${days} at ${now.toISOString()}`).toBe(late);
      }
    }
  });

  it('gives both cutoffs a complaint list needs', () => {
    const cutoffs = overdueCutoffs(new Date('2026-12-03T17:00:00.000Z'), new Set(['2026-11-30']));
    expect(cutoffs.verification.toISOString()).toBe('2026-11-30T17:00:00.000Z');
    // Five working days before Friday 4 December, Monday 30 November off: Thu 3, Wed 2, Tue 1, Fri 27, Thu 26.
    expect(cutoffs.followUp.toISOString()).toBe('2026-11-25T17:00:00.000Z');
  });
});
