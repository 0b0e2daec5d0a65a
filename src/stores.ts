/**
 * The hub's own data, one store per domain. Stores are stateless over the database handle, so one set serves every
 * request; per-request caching belongs to the loaders.
 */
import type { Knex } from 'knex';
import { CatalogStore } from './store/catalog.js';
import { QueueStore } from './store/queue.js';

export interface Stores {
  catalog: CatalogStore;
  queue: QueueStore;
}

export function createStores(knex: Knex): Stores {
  return { catalog: new CatalogStore(knex), queue: new QueueStore(knex) };
}
