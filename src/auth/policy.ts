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

/** Staff records are for agency staff, analysts and admins; citizens and the public never see them. */
export function requireStaffReader(principal: Principal): User {
  return requireRole(principal, ['OFFICER', 'SUPERVISOR', 'ANALYST', 'ADMIN']);
}

/**
 * Whose record a staff reader may see: an ANALYST or a provincial ADMIN anyone's; a SUPERVISOR or an agency's ADMIN
 * their agency's staff; an OFFICER only their own record.
 */
export function mayReadStaff(user: User, staff: { nip: string; agency: AgencyCode | null }): boolean {
  switch (user.role) {
    case 'ANALYST':
      return true;
    case 'ADMIN':
      return user.agency === null || user.agency === staff.agency;
    case 'SUPERVISOR':
      return user.agency !== null && user.agency === staff.agency;
    case 'OFFICER':
      return user.nip === staff.nip;
    case 'CITIZEN':
      return false;
  }
}

/** Personal data (phone, birth date): the person themself, their agency's SUPERVISOR, or an ADMIN over them. */
export function mayReadStaffPersonalData(user: User, staff: { nip: string; agency: AgencyCode | null }): boolean {
  if (user.nip !== null && user.nip === staff.nip) return true;
  if (user.role === 'SUPERVISOR') return user.agency !== null && user.agency === staff.agency;
  if (user.role === 'ADMIN') return user.agency === null || user.agency === staff.agency;
  return false;
}
