/**
 * The hub's migrations, in order. Listed here rather than read from a directory so that the same list runs from
 * TypeScript sources (tests, `npm run dev`) and from the compiled build, and a missing file fails the type check.
 * Append only: a migration that has run anywhere is never edited.
 */
import type { Knex } from 'knex';
import * as catalog from './0001_catalog.js';
import * as sources from './0002_sources.js';
import * as queue from './0003_queue.js';
import * as feedback from './0004_feedback.js';
import * as performance from './0005_performance.js';
import * as auditChain from './0006_audit_chain.js';
import * as rollups from './0007_rollups.js';
import * as serviceRollups from './0008_service_rollups.js';
import * as auditChains from './0009_audit_chains.js';

export interface Migration {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  { name: '0001_catalog', ...catalog },
  // 0002 landed after 0003 (they were written side by side); knex runs whichever has not run, in list order.
  { name: '0002_sources', ...sources },
  { name: '0003_queue', ...queue },
  { name: '0004_feedback', ...feedback },
  { name: '0005_performance', ...performance },
  { name: '0006_audit_chain', ...auditChain },
  { name: '0007_rollups', ...rollups },
  { name: '0008_service_rollups', ...serviceRollups },
  { name: '0009_audit_chains', ...auditChains },
];

/** Adapts the list to knex's migration-source interface. */
export const migrationSource: Knex.MigrationSource<Migration> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => migration,
};
