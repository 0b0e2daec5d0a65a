/** The stand-in's bearer tokens: issued by the token route, checked on every FHIR call, expirable from tests. */
import { randomBytes } from 'node:crypto';

export type TokenCheck = 'valid' | 'expired' | 'unknown';

export class TokenIssuer {
  /** Token -> expiry (epoch ms). */
  private readonly tokens = new Map<string, number>();
  private issued = 0;

  constructor(
    /** Declared lifetime of each token. */
    readonly lifetimeSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(): { token: string; issuedAtMs: number } {
    const token = randomBytes(21).toString('base64url');
    const issuedAtMs = this.now();
    this.tokens.set(token, issuedAtMs + this.lifetimeSeconds * 1000);
    this.issued += 1;
    return { token, issuedAtMs };
  }

  check(token: string): TokenCheck {
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return 'unknown';
    return expiresAt > this.now() ? 'valid' : 'expired';
  }

  /** Every token issued so far lapses now (their holders get 401 and must fetch a new one). */
  expireAll(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 0);
  }

  count(): number {
    return this.issued;
  }
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}
