/**
 * Indonesia's national holidays (libur nasional) and collective leave days (cuti bersama) of 2026, as the joint decree
 * of the Ministers of Religious Affairs, Manpower and PANRB (SKB 3 Menteri No. 1497, 2 and 5 of 2025) fixed them.
 * Complaint deadlines skip them like weekends.
 *
 * A starting point, not the authority: provincial admins maintain the list (`setHoliday` / `removeHoliday`), add later
 * years, and correct it when the government revises a date (the Islamic holidays follow the sidang isbat and have
 * moved by a day before). Days already present are left as an admin may have edited them.
 */
import type { Knex } from 'knex';
import type { Holiday } from '../../domain/complaints.js';

export const DEMO_HOLIDAYS: readonly Holiday[] = [
  { date: '2026-01-01', name: 'Tahun Baru 2026 Masehi' },
  { date: '2026-01-16', name: 'Isra Mikraj Nabi Muhammad SAW' },
  { date: '2026-02-16', name: 'Cuti bersama Tahun Baru Imlek' },
  { date: '2026-02-17', name: 'Tahun Baru Imlek 2577 Kongzili' },
  { date: '2026-03-18', name: 'Cuti bersama Hari Suci Nyepi' },
  { date: '2026-03-19', name: 'Hari Suci Nyepi (Tahun Baru Saka 1948)' },
  { date: '2026-03-20', name: 'Cuti bersama Idul Fitri 1447 H' },
  { date: '2026-03-21', name: 'Idul Fitri 1447 H' },
  { date: '2026-03-22', name: 'Idul Fitri 1447 H' },
  { date: '2026-03-23', name: 'Cuti bersama Idul Fitri 1447 H' },
  { date: '2026-03-24', name: 'Cuti bersama Idul Fitri 1447 H' },
  { date: '2026-04-03', name: 'Wafat Yesus Kristus' },
  { date: '2026-04-05', name: 'Kebangkitan Yesus Kristus (Paskah)' },
  { date: '2026-05-01', name: 'Hari Buruh Internasional' },
  { date: '2026-05-14', name: 'Kenaikan Yesus Kristus' },
  { date: '2026-05-15', name: 'Cuti bersama Kenaikan Yesus Kristus' },
  { date: '2026-05-27', name: 'Idul Adha 1447 H' },
  { date: '2026-05-28', name: 'Cuti bersama Idul Adha 1447 H' },
  { date: '2026-05-31', name: 'Hari Raya Waisak 2570 BE' },
  { date: '2026-06-01', name: 'Hari Lahir Pancasila' },
  { date: '2026-06-16', name: 'Tahun Baru Islam 1448 H' },
  { date: '2026-08-17', name: 'Hari Proklamasi Kemerdekaan RI' },
  { date: '2026-08-25', name: 'Maulid Nabi Muhammad SAW' },
  { date: '2026-12-24', name: 'Cuti bersama Hari Raya Natal' },
  { date: '2026-12-25', name: 'Hari Raya Natal' },
];

/** Inserts the days that are missing; idempotent. */
export async function seedDemoHolidays(trx: Knex.Transaction): Promise<void> {
  await trx('holiday')
    .insert(DEMO_HOLIDAYS.map((h) => ({ day: h.date, name: h.name })))
    .onConflict('day')
    .ignore();
}
