/**
 * What every resolver receives. Built fresh for each HTTP request and each graphql-ws operation.
 */
import type { Logger } from './logger.js';
import type { HolderTokens } from './auth/holder-tokens.js';
import type { Principal } from './domain/principal.js';
import { createLoaders, type BatchObserver, type Loaders } from './loaders.js';
import type { EventBus } from './pubsub/event-bus.js';
import type { Stores } from './stores.js';
import type { RequestStats } from './request-stats.js';
import { PartialErrors } from './partial-errors.js';
import type { SourcesRuntime } from './sources/runtime.js';
import type { PublicRateLimits } from './rate-limit.js';

export interface HubContext {
  requestId: string;
  log: Logger;
  principal: Principal;
  /**
   * Per-request loaders. In a subscription they are replaced for every event (see `loadersForEvent`), so that each
   * message is resolved from data read after the change, never from a cache filled when the client subscribed.
   */
  loaders: Loaders;
  stores: Stores;
  events: EventBus;
  holderTokens: HolderTokens;
  sources: SourcesRuntime;
  /** Limits on public mutations; a resolver calls the one for its mutation before doing anything else. */
  rateLimits: PublicRateLimits;
  /** Errors for fields that still returned data (a failing source among several); added to the response. */
  partialErrors: PartialErrors;
  /** The caller's address as the socket saw it (audit records); null when unknown. */
  clientAddress: string | null;
  /**
   * Fresh loaders for one bus event, shared by every subscriber the event reaches on this instance, so that a change
   * costs one set of queries however many clients watch. Safe to share because loaders return public rows unfiltered;
   * what a caller may see is decided in resolvers, per caller.
   */
  loadersForEvent(event: object): Loaders;
  /** Forgets the loaders (and what they cached); the next use makes fresh ones. For long-lived subscription contexts. */
  releaseLoaders(): void;
  /** Present when the request runs inside a stats scope (HTTP requests and graphql-ws queries and mutations). */
  stats: RequestStats | undefined;
  /** The hub's clock; tests inject one. */
  now: () => Date;
}

export interface ContextDeps {
  stores: Stores;
  log: Logger;
  now: () => Date;
  events: EventBus;
  holderTokens: HolderTokens;
  observeBatch: BatchObserver;
  sources: SourcesRuntime;
  rateLimits: PublicRateLimits;
}

/** Builds contexts for one hub instance; owns the per-event loader sets that subscriptions share. */
export class ContextFactory {
  private readonly eventLoaders = new WeakMap<object, Loaders>();

  constructor(private readonly deps: ContextDeps) {}

  build(request: { requestId: string; principal: Principal; stats: RequestStats | undefined; clientAddress: string | null }): HubContext {
    const { deps, eventLoaders } = this;
    let log: Logger | undefined;
    let loaders: Loaders | undefined;
    let partialErrors: PartialErrors | undefined;
    const newLoaders = () => createLoaders(deps.stores, deps.sources.connectors, deps.now, deps.observeBatch);
    return {
      requestId: request.requestId,
      principal: request.principal,
      stats: request.stats,
      // Made on first use: a subscription context lives as long as its subscriber and may never log or load.
      get log() {
        return (log ??= deps.log.child({ requestId: request.requestId }));
      },
      get loaders() {
        return (loaders ??= newLoaders());
      },
      set loaders(replacement: Loaders) {
        loaders = replacement;
      },
      releaseLoaders() {
        loaders = undefined;
      },
      stores: deps.stores,
      events: deps.events,
      holderTokens: deps.holderTokens,
      sources: deps.sources,
      rateLimits: deps.rateLimits,
      get partialErrors() {
        return (partialErrors ??= new PartialErrors());
      },
      clientAddress: request.clientAddress,
      now: deps.now,
      loadersForEvent(event) {
        let loaders = eventLoaders.get(event);
        if (loaders === undefined) {
          loaders = newLoaders();
          eventLoaders.set(event, loaders);
        }
        return loaders;
      },
    };
  }
}
