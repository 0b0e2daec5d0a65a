/**
 * Inserts the demo data. Idempotent: rows that exist are left as they are (an admin may have edited them), so
 * running it again, or from two instances at once, changes nothing.
 */
import type { Knex } from 'knex';
import type { Logger } from '../../logger.js';
import { DEMO_AGENCIES, DEMO_OFFICES, DEMO_SCHOOLS, DEMO_SERVICES } from './demo-catalog.js';
import { seedDemoHolidays } from './demo-holidays.js';
import { seedDemoHistory } from './demo-history.js';

export interface SeedOptions {
  /** Also the months of queue, survey and complaint history the performance views show (./demo-history.ts). @default false */
  history?: boolean;
}

export async function seedDemoData(knex: Knex, log: Logger, options: SeedOptions = {}): Promise<void> {
  await knex.transaction(async (trx) => {
    await seedCatalog(trx);
    await seedDemoHolidays(trx);
  });
  if (options.history === true) await seedDemoHistory(knex, log);
  log.info('demo data present');
}

async function seedCatalog(trx: Knex.Transaction): Promise<void> {
  await trx('agency')
    .insert(DEMO_AGENCIES.map((a) => ({ code: a.code, name: a.name, short_name: a.shortName, description: a.description })))
    .onConflict('code')
    .ignore();

  await trx('service')
    .insert(
      DEMO_SERVICES.map((s) => ({
        code: s.code,
        agency_code: s.agency,
        name: s.name,
        description: s.description,
        requirements: JSON.stringify(s.requirements),
        procedure: JSON.stringify(s.procedure),
        time_limit: s.timeLimit,
        fee_rupiah: s.feeRupiah,
        legal_basis: s.legalBasis,
      })),
    )
    .onConflict('code')
    .ignore();

  await trx('office')
    .insert(
      DEMO_OFFICES.map((o) => ({
        code: o.code,
        name: o.name,
        kind: o.kind,
        agency_code: o.agency,
        address: o.address,
        regency_code: o.regencyCode,
      })),
    )
    .onConflict('code')
    .ignore();

  // Schools are registered by NPSN; their names and addresses come from Dapodik at the next catalog sync.
  await trx('office')
    .insert(
      DEMO_SCHOOLS.map((school) => ({
        code: `SCH-${school.npsn}`,
        name: school.name,
        kind: 'SCHOOL',
        agency_code: 'DISDIK',
        address: `${school.address}, ${school.village}, Kec. ${school.district}`,
        regency_code: school.regencyCode,
        source_agency: 'DISDIK',
        source_ref: school.npsn,
      })),
    )
    .onConflict('code')
    .ignore();

  await trx('office_service')
    .insert(
      DEMO_OFFICES.flatMap((o) =>
        Object.entries(o.services).map(([serviceCode, prefix]) => ({ office_code: o.code, service_code: serviceCode, ticket_prefix: prefix })),
      ),
    )
    .onConflict(['office_code', 'service_code'])
    .ignore();

  await trx('counter')
    .insert(
      DEMO_OFFICES.flatMap((o) => o.counters.map((c) => ({ office_code: o.code, code: c.code, name: c.name, agency_code: c.agency }))),
    )
    .onConflict(['office_code', 'code'])
    .ignore();

  const counters: { id: string; office_code: string; code: string }[] = await trx('counter')
    .select('id', 'office_code', 'code')
    .whereIn('office_code', DEMO_OFFICES.map((o) => o.code));
  const counterId = new Map(counters.map((c) => [`${c.office_code}/${c.code}`, c.id]));
  const links = DEMO_OFFICES.flatMap((o) =>
    o.counters.flatMap((c) => {
      const id = counterId.get(`${o.code}/${c.code}`);
      return id === undefined ? [] : c.services.map((serviceCode) => ({ counter_id: id, service_code: serviceCode }));
    }),
  );
  await trx('counter_service').insert(links).onConflict(['counter_id', 'service_code']).ignore();
}
