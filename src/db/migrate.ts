/**
 * Brings the schema up to date at start-up. Several instances may start at once against one empty database: the
 * advisory lock makes them take turns, so the first migrates and the others find nothing to do.
 */
import type { Database } from './database.js';
import type { Logger } from '../logger.js';
import { migrationSource } from './migrations/index.js';
import { seedDemoData } from './seed/seed.js';

export const STARTUP_LOCK = 'sepucuk:startup';

export interface MigrationReport {
  applied: readonly string[];
}

/** Runs pending migrations. Must be called while holding {@link STARTUP_LOCK} (see `prepareDatabase`). */
export async function migrateToLatest(db: Database, log: Logger): Promise<MigrationReport> {
  const config = { migrationSource, tableName: 'knex_migrations' };
  // Holding the startup lock means nobody else is migrating now, so a knex lock left set is a leftover of a crash.
  await db.knex.migrate.forceFreeMigrationsLock(config).catch(() => undefined);
  const [, applied] = (await db.knex.migrate.latest(config)) as [number, string[]];
  if (applied.length > 0) log.info({ applied }, `migrations applied: ${applied.length}`);
  else log.info('migrations: schema is up to date');
  return { applied };
}

/**
 * Everything the database needs before the hub serves: migrations, then (when configured) the demo data, both under
 * the start-up lock so that instances starting together take turns.
 */
export async function prepareDatabase(db: Database, options: { seedDemoData: boolean; seedDemoHistory?: boolean }, log: Logger): Promise<MigrationReport> {
  return db.withExclusiveLock(STARTUP_LOCK, async () => {
    const report = await migrateToLatest(db, log);
    if (options.seedDemoData) await seedDemoData(db.knex, log, { history: options.seedDemoHistory ?? false });
    return report;
  });
}
