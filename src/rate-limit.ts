/**
 * Rate limits on public mutations, per client address and per token subject, counted in PostgreSQL (see
 * RateLimitStore) so that they hold across instances. Exceeding one is RATE_LIMITED, with the seconds until the
 * window ends in `extensions.retryAfterSeconds`.
 *
 * The client address is the one src/server/client-address.ts resolves (X-Forwarded-For from TRUSTED_PROXIES only).
 * Addresses in RATE_LIMIT_EXEMPT_ADDRESSES (office kiosks, survey tablets) are not counted per address; tokens used
 * from them still are, per subject.
 */
import type { RateLimitsConfig } from './config.js';
import { ErrorCode, HubError } from './errors.js';
import type { Principal } from './domain/principal.js';
import { AddressSet, type AddressRange } from './server/client-address.js';
import type { RateLimitStore } from './store/rate-limits.js';

export interface RateLimitRule {
  /** Names the limited action in keys and messages, e.g. `submitComplaint`. */
  action: string;
  /** Hits allowed per window, per address and per token subject. */
  limit: number;
  windowSeconds: number;
}

export interface RateLimitedCaller {
  principal: Principal;
  clientAddress: string | null;
}

export class RateLimiter {
  private readonly exempt: AddressSet;

  constructor(
    private readonly store: RateLimitStore,
    private readonly now: () => Date,
    /** Addresses not counted per address (RATE_LIMIT_EXEMPT_ADDRESSES). @default none */
    exemptAddresses: readonly AddressRange[] = [],
  ) {
    this.exempt = new AddressSet(exemptAddresses);
  }

  /** Counts this call; throws RATE_LIMITED when the caller's address or token is over the rule's limit. */
  async check(rule: RateLimitRule, caller: RateLimitedCaller): Promise<void> {
    const keys: string[] = [];
    if (!this.exempt.has(caller.clientAddress)) keys.push(`${rule.action}:address:${caller.clientAddress ?? 'unknown'}`);
    if (caller.principal.kind === 'user') keys.push(`${rule.action}:subject:${caller.principal.subject}`);
    if (keys.length === 0) return;
    const now = this.now().getTime();
    const windowMs = rule.windowSeconds * 1000;
    const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
    const counts = await this.store.hit(keys, windowStart);
    if (counts.some((count) => count > rule.limit)) {
      const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now) / 1000));
      throw new HubError(ErrorCode.RateLimited, `too many ${rule.action} requests: at most ${rule.limit} per ${rule.windowSeconds} s; try again in ${retryAfterSeconds} s`, {
        details: { retryAfterSeconds },
      });
    }
  }
}

/** The limits on the hub's public mutations, from configuration. */
export class PublicRateLimits {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly config: RateLimitsConfig,
  ) {}

  submitSurvey(caller: RateLimitedCaller): Promise<void> {
    return this.limiter.check({ action: 'submitSurvey', limit: this.config.surveysPerMinute, windowSeconds: 60 }, caller);
  }

  submitComplaint(caller: RateLimitedCaller): Promise<void> {
    return this.limiter.check({ action: 'submitComplaint', limit: this.config.complaintsPerMinute, windowSeconds: 60 }, caller);
  }

  /**
   * Counter staff (OFFICER, SUPERVISOR) taking tickets for walk-in citizens are not limited: they are few, known and
   * accountable. Everyone else is, per address and per token; kiosks are exempted by address instead.
   */
  takeTicket(caller: RateLimitedCaller): Promise<void> {
    const { principal } = caller;
    if (principal.kind === 'user' && (principal.role === 'OFFICER' || principal.role === 'SUPERVISOR')) return Promise.resolve();
    return this.limiter.check({ action: 'takeTicket', limit: this.config.ticketsPerMinute, windowSeconds: 60 }, caller);
  }

  cancelTicket(caller: RateLimitedCaller): Promise<void> {
    return this.limiter.check({ action: 'cancelTicket', limit: this.config.cancelsPerMinute, windowSeconds: 60 }, caller);
  }
}
