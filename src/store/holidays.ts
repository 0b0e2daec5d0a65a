/**
 * The holidays working-day deadlines skip (libur nasional, cuti bersama), kept by provincial admins. A small table:
 * a few dozen rows a year.
 */
import type { Knex } from 'knex';
import type { Holiday } from '../domain/complaints.js';
import { alignMany } from './keyed.js';

interface HolidayRow {
  day: string;
  name: string;
}

/** Runs inside the change's transaction (the audit entry), so that both are written or neither. */
export type WithinHolidayChange = (trx: Knex.Transaction) => Promise<void>;

export class HolidayStore {
  constructor(private readonly knex: Knex) {}

  /** The holidays of each year, in date order: one statement for all the years asked. */
  async ofYears(years: readonly number[]): Promise<Holiday[][]> {
    if (years.length === 0) return [];
    const low = Math.min(...years);
    const high = Math.max(...years);
    const rows: HolidayRow[] = await this.knex('holiday')
      .select('day', 'name')
      .where('day', '>=', `${String(low).padStart(4, '0')}-01-01`)
      .where('day', '<=', `${String(high).padStart(4, '0')}-12-31`)
      .orderBy('day');
    return alignMany(years, rows, (r) => Number(r.day.slice(0, 4)), toHoliday);
  }

  /** Declares a holiday, or renames the one on that day. */
  async set(holiday: Holiday, within: WithinHolidayChange): Promise<Holiday> {
    return this.knex.transaction(async (trx) => {
      const [row] = (await trx('holiday')
        .insert({ day: holiday.date, name: holiday.name })
        .onConflict('day')
        .merge(['name'])
        .returning(['day', 'name'])) as HolidayRow[];
      await within(trx);
      return toHoliday(row as HolidayRow);
    });
  }

  /** Removes the holiday on `date`; false when there was none. */
  async remove(date: string, within: WithinHolidayChange): Promise<boolean> {
    return this.knex.transaction(async (trx) => {
      // `returning` rather than the affected-row count, which not every driver (PGlite) reports for a delete.
      const removed: { day: string }[] = await trx('holiday').where('day', date).delete().returning('day');
      await within(trx);
      return removed.length > 0;
    });
  }
}

function toHoliday(row: HolidayRow): Holiday {
  return { date: row.day, name: row.name };
}
