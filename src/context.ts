/**
 * What every resolver receives. Built fresh for each HTTP request and each graphql-ws operation.
 */
import type { Logger } from './logger.js';
import type { Principal } from './domain/principal.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { Stores } from './stores.js';
import type { RequestStats } from './request-stats.js';

export interface HubContext {
  requestId: string;
  log: Logger;
  principal: Principal;
  loaders: Loaders;
  stores: Stores;
  /** Present when the request runs inside a stats scope (always, for HTTP and graphql-ws). */
  stats: RequestStats | undefined;
  /** The hub's clock; tests inject a fixed one. */
  now: () => Date;
}

export interface ContextDeps {
  stores: Stores;
  log: Logger;
  now: () => Date;
}

export function buildContext(
  deps: ContextDeps,
  request: { requestId: string; principal: Principal; stats: RequestStats | undefined },
): HubContext {
  return {
    requestId: request.requestId,
    principal: request.principal,
    stats: request.stats,
    log: deps.log.child({ requestId: request.requestId }),
    loaders: createLoaders(deps.stores),
    stores: deps.stores,
    now: deps.now,
  };
}
