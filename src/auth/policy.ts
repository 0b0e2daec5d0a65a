/**
 * Authorization decisions shared by resolvers. Each returns the narrowed principal or throws, so a resolver reads
 * as "who may do this" followed by what it does.
 */
import type { AgencyCode } from '../domain/catalog.js';
import type { Principal, Role } from '../domain/principal.js';
import { forbidden, unauthenticated } from '../errors.js';

export type User = Extract<Principal, { kind: 'user' }>;

export function requireRole(principal: Principal, roles: readonly Role[]): User {
  if (principal.kind === 'public') throw unauthenticated('this operation needs a bearer token');
  if (!roles.includes(principal.role)) throw forbidden(`this operation is for ${roles.join(' or ')}`);
  return principal;
}

/** Agency staff act only within their own agency; a user without an agency claim (e.g. provincial ADMIN) may act in any. */
export function requireAgency(user: User, agency: AgencyCode): void {
  if (user.agency !== null && user.agency !== agency) {
    throw forbidden(`${user.role} of ${user.agency} may not act for ${agency}`);
  }
}

/** Counter work (calling, serving, opening) is for an OFFICER or SUPERVISOR of the agency that runs the counter. */
export function requireCounterStaff(principal: Principal, agency: AgencyCode): User {
  const user = requireRole(principal, ['OFFICER', 'SUPERVISOR']);
  if (user.agency !== agency) throw forbidden(`counter work for ${agency} is for its own officers`);
  return user;
}
