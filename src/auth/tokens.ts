/**
 * Bearer tokens: verification, with an OIDC issuer's published keys (production: `AUTH_JWKS_URL`, `AUTH_ISSUER`,
 * `AUTH_AUDIENCE`) or a shared HS256 secret (development: `AUTH_JWT_SECRET`), and, for development, signing.
 * A token that is present but unusable is always UNAUTHENTICATED; no token at all is the public role. The claims are
 * read the same way in both modes: `sub`, `role`, `agency` (agency staff), `nip` (civil servants), `exp`.
 */
import { SignJWT, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { AuthConfig } from '../config.js';
import { AGENCY_CODES, type AgencyCode } from '../domain/catalog.js';
import { PUBLIC, ROLES, type Principal, type Role } from '../domain/principal.js';
import { unauthenticated } from '../errors.js';

const ALGORITHM = 'HS256';
/**
 * What an OIDC issuer may sign with: asymmetric algorithms only, so that a token "signed" with HS256 using the
 * issuer's public key as the secret (the classic algorithm-confusion attack) is refused.
 */
const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
/** Roles that only exist inside an agency: their tokens must name it. */
const AGENCY_ROLES: ReadonlySet<Role> = new Set(['OFFICER', 'SUPERVISOR']);

const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  role: z.enum(ROLES),
  agency: z.enum(AGENCY_CODES).optional(),
  nip: z.string().regex(/^\d{18}$/, 'must be 18 digits').optional(),
  exp: z.number().int(),
});

export interface TokenVerifier {
  /** @throws HubError UNAUTHENTICATED when the token is malformed, badly signed, expired or lacks required claims. */
  verify(token: string): Promise<Principal>;
}

/** Told when the issuer's keys could not be fetched (the token is then refused): an operator's problem, not the caller's. */
export type KeySetFailureListener = (error: unknown) => void;

export function createTokenVerifier(config: AuthConfig, onKeySetFailure: KeySetFailureListener = () => {}): TokenVerifier {
  const verifyJwt = jwtVerifierFor(config);
  const oidc = config.tokens.kind === 'oidc';
  return {
    async verify(token) {
      let payload: unknown;
      try {
        payload = await verifyJwt(token);
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) throw unauthenticated('the bearer token has expired');
        if (oidc && keySetUnavailable(error)) {
          onKeySetFailure(error);
          throw unauthenticated('the bearer token could not be checked: the identity provider\'s keys are not available');
        }
        throw unauthenticated('the bearer token is not valid');
      }
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) {
        const issue = claims.error.issues[0];
        throw unauthenticated(`the bearer token's ${issue?.path.join('.') ?? 'claims'} claim is not valid`);
      }
      const { sub, role, agency, nip, exp } = claims.data;
      if (AGENCY_ROLES.has(role) && agency === undefined) throw unauthenticated(`a ${role} token must carry an agency claim`);
      if (role === 'CITIZEN' && agency !== undefined) throw unauthenticated('a CITIZEN token must not carry an agency claim');
      return { kind: 'user', subject: sub, role, agency: agency ?? null, nip: nip ?? null, expiresAt: new Date(exp * 1000) };
    },
  };
}

/**
 * The JWKS could not be had: a network error (not a jose error), a timeout, a non-200 answer (jose's generic error)
 * or a body that is not a key set. Not the token's fault; the operator must hear of it.
 */
function keySetUnavailable(error: unknown): boolean {
  if (!(error instanceof joseErrors.JOSEError)) return true;
  return error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid || error.code === joseErrors.JOSEError.code;
}

/** Checks signature, `exp`/`nbf` (with the clock tolerance) and, for OIDC, `iss` and `aud`; returns the payload. */
function jwtVerifierFor(config: AuthConfig): (token: string) => Promise<unknown> {
  const tokens = config.tokens;
  switch (tokens.kind) {
    case 'hs256': {
      const key = new TextEncoder().encode(tokens.secret);
      const options = { algorithms: [ALGORITHM], clockTolerance: config.clockToleranceSeconds, requiredClaims: ['exp', 'sub'] };
      return async (token) => (await jwtVerify(token, key, options)).payload;
    }
    case 'oidc': {
      // jose caches the set, refetches it when stale (10 minutes) or for an unknown kid (after the cooldown).
      const keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(tokens.jwksUrl), { cooldownDuration: tokens.jwksCooldownSeconds * 1000 });
      const options = {
        algorithms: OIDC_ALGORITHMS,
        issuer: tokens.issuer,
        audience: tokens.audience,
        clockTolerance: config.clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
      };
      return async (token) => (await jwtVerify(token, keys, options)).payload;
    }
  }
}

/**
 * A connection authenticates once; its token may expire while it stays open. graphql-ws calls this on every
 * subscribe message: an expired token may not start new operations (UNAUTHENTICATED), with the same clock tolerance
 * as the verification. Operations already running are not stopped.
 * @throws HubError UNAUTHENTICATED when the principal's token has expired.
 */
export function assertNotExpired(principal: Principal, clockToleranceSeconds: number, now: number = Date.now()): void {
  if (principal.kind === 'public' || principal.expiresAt === null) return;
  if (principal.expiresAt.getTime() + clockToleranceSeconds * 1000 <= now) {
    throw unauthenticated('the bearer token of this connection has expired: reconnect with a fresh token');
  }
}

/**
 * Reads `Authorization: Bearer <token>`. Absent means public; present but not a bearer token is an error, so that a
 * client with a broken header learns it instead of silently losing its role.
 */
export async function principalFromAuthorization(header: string | undefined, verifier: TokenVerifier): Promise<Principal> {
  if (header === undefined || header.trim() === '') return PUBLIC;
  const match = /^Bearer +([A-Za-z0-9_\-.]+)\s*$/i.exec(header);
  if (match?.[1] === undefined) throw unauthenticated('the Authorization header must be "Bearer <token>"');
  return verifier.verify(match[1]);
}

export interface TokenClaims {
  subject: string;
  role: Role;
  agency?: AgencyCode | undefined;
  nip?: string | undefined;
  ttlSeconds: number;
}

/** Signs a token the way an identity provider would; for development (`npm run token`) and tests. */
export async function signToken(secret: string, claims: TokenClaims): Promise<string> {
  const payload: Record<string, string> = { role: claims.role };
  if (claims.agency !== undefined) payload['agency'] = claims.agency;
  if (claims.nip !== undefined) payload['nip'] = claims.nip;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(claims.subject)
    .setIssuedAt()
    .setExpirationTime(`${claims.ttlSeconds}s`)
    .sign(new TextEncoder().encode(secret));
}
