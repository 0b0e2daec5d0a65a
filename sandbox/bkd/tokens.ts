/**
 * The stand-in's OAuth2 token issuer: opaque bearer tokens with a lifetime, and a switch that makes every issued token
 * lapse at once (what a client sees when its cached token expires or the gateway restarts).
 */
import { randomBytes } from 'node:crypto';

export class TokenIssuer {
  /** Live tokens and when they lapse (epoch ms). */
  private readonly live = new Map<string, number>();
  private issued = 0;

  constructor(
    /** Lifetime of each token, announced as `expires_in`. */
    private readonly lifetimeSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(): { accessToken: string; expiresInSeconds: number } {
    const accessToken = randomBytes(24).toString('base64url');
    this.live.set(accessToken, this.now() + this.lifetimeSeconds * 1000);
    this.issued += 1;
    return { accessToken, expiresInSeconds: this.lifetimeSeconds };
  }

  accepts(token: string): boolean {
    const lapsesAt = this.live.get(token);
    if (lapsesAt === undefined) return false;
    if (lapsesAt > this.now()) return true;
    this.live.delete(token);
    return false;
  }

  /** Every token issued so far stops working. */
  expireAll(): void {
    this.live.clear();
  }

  count(): number {
    return this.issued;
  }
}
