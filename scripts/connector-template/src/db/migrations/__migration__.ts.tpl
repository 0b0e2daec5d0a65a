/**
 * {{NAME}} ({{CODE}}) becomes an agency: reference data every installation needs, like the four agencies of
 * 0002_sources, added with its connector by `npm run new:connector`. The catalog sync copies its units and services
 * under it.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex('agency')
    .insert({ code: '{{CODE}}', name: {{NAME_LITERAL}}, short_name: {{SHORT_NAME_LITERAL}}, description: {{DESCRIPTION_LITERAL}} })
    .onConflict('code')
    .ignore();
}

/** Refused by the database while offices or services still refer to the agency: remove those first. */
export async function down(knex: Knex): Promise<void> {
  await knex('agency').where('code', '{{CODE}}').delete();
}
