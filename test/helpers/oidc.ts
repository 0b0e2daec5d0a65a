/**
 * A stand-in OIDC issuer for tests: its JWKS on a real HTTP server (port 0), keys generated with jose, and tokens
 * signed the way an identity provider signs them. Keys can be rotated while a hub runs, and the JWKS endpoint can be
 * taken down.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import type { AgencyCode } from '../../src/domain/catalog.js';
import type { Role } from '../../src/domain/principal.js';

export type SigningAlgorithm = 'RS256' | 'ES256';

interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: CryptoKey;
  jwk: JWK;
}

export interface IssuedClaims {
  role: Role;
  subject?: string;
  agency?: AgencyCode;
  nip?: string;
  /** @default 3_600 */
  ttlSeconds?: number;
  /** Sign with this key (by kid) instead of the newest. */
  kid?: string;
  /** Override what the token claims to be from and for (tests of refusal). */
  issuer?: string;
  audience?: string;
}

export interface TestIssuer {
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  /** AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE for a hub that trusts this issuer. */
  env(): Record<string, string>;
  /** The kids the JWKS serves now, newest last. */
  kids(): string[];
  /** How often the JWKS was fetched. */
  fetches(): number;
  sign(claims: IssuedClaims): Promise<string>;
  /** A key the JWKS never serves (a forger's). */
  signWithUnpublishedKey(claims: IssuedClaims): Promise<string>;
  /** Publishes a new key (and, with `retireOthers`, stops serving the old ones); returns its kid. */
  rotate(alg?: SigningAlgorithm, options?: { retireOthers?: boolean }): Promise<string>;
  /** While down, the JWKS endpoint answers 503. */
  setDown(down: boolean): void;
  stop(): Promise<void>;
}

let counter = 0;

async function newKey(alg: SigningAlgorithm): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `test-key-${++counter}-${alg.toLowerCase()}`;
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** Starts an issuer serving one key of each algorithm given. */
export async function startTestIssuer(algorithms: readonly SigningAlgorithm[] = ['RS256']): Promise<TestIssuer> {
  let keys: SigningKey[] = await Promise.all(algorithms.map(newKey));
  let fetches = 0;
  let down = false;
  const server = http.createServer((req, res) => {
    if (req.url !== '/certs') {
      res.writeHead(404).end();
      return;
    }
    fetches += 1;
    if (down) {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: keys.map((key) => key.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${base}/realms/jambi`;
  const audience = 'sepucuk-test';

  const signWith = (key: SigningKey, claims: IssuedClaims): Promise<string> => {
    const payload: Record<string, string> = { role: claims.role };
    if (claims.agency !== undefined) payload['agency'] = claims.agency;
    if (claims.nip !== undefined) payload['nip'] = claims.nip;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
      .setSubject(claims.subject ?? `oidc-${claims.role.toLowerCase()}`)
      .setIssuer(claims.issuer ?? issuer)
      .setAudience(claims.audience ?? audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + (claims.ttlSeconds ?? 3_600))
      .sign(key.privateKey);
  };

  return {
    jwksUrl: `${base}/certs`,
    issuer,
    audience,
    env: () => ({ AUTH_JWKS_URL: `${base}/certs`, AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience }),
    kids: () => keys.map((key) => key.kid),
    fetches: () => fetches,
    sign(claims) {
      const key = claims.kid === undefined ? keys.at(-1) : keys.find((k) => k.kid === claims.kid);
      if (key === undefined) throw new Error(`the issuer has no key ${claims.kid ?? ''}`);
      return signWith(key, claims);
    },
    async signWithUnpublishedKey(claims) {
      return signWith(await newKey('RS256'), claims);
    },
    async rotate(alg = 'RS256', options = {}) {
      const key = await newKey(alg);
      keys = options.retireOthers === true ? [key] : [...keys, key];
      return key.kid;
    },
    setDown(value) {
      down = value;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
