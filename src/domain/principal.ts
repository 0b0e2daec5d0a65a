/**
 * Who is calling, decided once per request (HTTP) or per connection (graphql-ws) from the bearer token.
 */
import type { AgencyCode } from './catalog.js';

export const ROLES = ['CITIZEN', 'OFFICER', 'SUPERVISOR', 'ANALYST', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export type Principal =
  | { kind: 'public' }
  | {
      kind: 'user';
      subject: string;
      role: Role;
      /** Set for agency staff; they act only within it. */
      agency: AgencyCode | null;
      /** The civil servant's NIP, for staff. */
      nip: string | null;
      /** Token expiry; graphql-ws connections re-check it. */
      expiresAt: Date | null;
    };

export const PUBLIC: Principal = Object.freeze({ kind: 'public' });

export function roleOf(principal: Principal): Role | 'PUBLIC' {
  return principal.kind === 'public' ? 'PUBLIC' : principal.role;
}
