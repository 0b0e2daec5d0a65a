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

  build(request: RequestFacts): HubContext {
    return new RequestContext(this.deps, this.eventLoaders, request);
  }
}

interface RequestFacts {
  requestId: string;
  principal: Principal;
  stats: RequestStats | undefined;
  clientAddress: string | null;
}

/**
 * One request's context. The logger, the loaders and the partial-error list are made on first use: a subscription
 * context lives as long as its subscriber and may never log or load, and most HTTP requests touch a few loaders.
 *
 * They are getters on the prototype, not on the object, on purpose: Apollo Server copies every context before it
 * runs an operation (`Object.assign(Object.create(prototype), context)`), and an own getter would be called by that
 * copy, building a logger and a full loader set for every request whether it uses them or not. The copy keeps the
 * prototype, so these getters still apply to it; the `made*` fields it copies are still empty at that point.
 */
class RequestContext implements HubContext {
  readonly requestId: string;
  readonly principal: Principal;
  readonly stats: RequestStats | undefined;
  readonly clientAddress: string | null;
  readonly stores: Stores;
  readonly events: EventBus;
  readonly holderTokens: HolderTokens;
  readonly sources: SourcesRuntime;
  readonly rateLimits: PublicRateLimits;
  readonly now: () => Date;
  private madeLog: Logger | undefined = undefined;
  private madeLoaders: Loaders | undefined = undefined;
  private madePartialErrors: PartialErrors | undefined = undefined;

  constructor(
    private readonly deps: ContextDeps,
    private readonly eventLoaders: WeakMap<object, Loaders>,
    request: RequestFacts,
  ) {
    this.requestId = request.requestId;
    this.principal = request.principal;
    this.stats = request.stats;
    this.clientAddress = request.clientAddress;
    this.stores = deps.stores;
    this.events = deps.events;
    this.holderTokens = deps.holderTokens;
    this.sources = deps.sources;
    this.rateLimits = deps.rateLimits;
    this.now = deps.now;
  }

  get log(): Logger {
    return (this.madeLog ??= this.deps.log.child({ requestId: this.requestId }));
  }

  get loaders(): Loaders {
    return (this.madeLoaders ??= this.newLoaders());
  }

  set loaders(replacement: Loaders) {
    this.madeLoaders = replacement;
  }

  get partialErrors(): PartialErrors {
    return (this.madePartialErrors ??= new PartialErrors());
  }

  releaseLoaders(): void {
    this.madeLoaders = undefined;
  }

  loadersForEvent(event: object): Loaders {
    let loaders = this.eventLoaders.get(event);
    if (loaders === undefined) {
      loaders = this.newLoaders();
      this.eventLoaders.set(event, loaders);
    }
    return loaders;
  }

  private newLoaders(): Loaders {
    const { deps } = this;
    return createLoaders(deps.stores, deps.sources.connectors, deps.now, deps.observeBatch);
  }
}
