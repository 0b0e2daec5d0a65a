/**
 * Bearer tokens: verification (HS256 with `AUTH_JWT_SECRET`) and, for development, signing.
 * A token that is present but unusable is always UNAUTHENTICATED; no token at all is the public role.
 */
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import type { AuthConfig } from '../config.js';
import { AGENCY_CODES, type AgencyCode } from '../domain/catalog.js';
import { PUBLIC, ROLES, type Principal, type Role } from '../domain/principal.js';
import { unauthenticated } from '../errors.js';

const ALGORITHM = 'HS256';
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

export function createTokenVerifier(config: AuthConfig): TokenVerifier {
  const key = new TextEncoder().encode(config.jwtSecret);
  return {
    async verify(token) {
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          clockTolerance: config.clockToleranceSeconds,
          requiredClaims: ['exp', 'sub'],
        }));
      } catch (error) {
        throw unauthenticated(error instanceof joseErrors.JWTExpired ? 'the bearer token has expired' : 'the bearer token is not valid');
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
