/**
 * Staff search over BKD's rosters. SIASN has no search: the regional SIMPEG lists who works in each unit, so a search
 * reads the rosters of the units in scope (the connector caches them briefly) and filters and orders them here.
 * A province has a few dozen units and a few thousand staff: this is small work, and it keeps SIASN the only truth.
 */
import type { StaffRecordsCapability } from '../../connectors/types.js';
import type { AgencyCode } from '../domain/catalog.js';
import type { StaffSummary, WorkUnit } from '../domain/staff.js';

export interface StaffQuery {
  agency: AgencyCode | null;
  workUnitId: string | null;
  /** Part of the name, matched case-insensitively, titles aside. */
  name: string | null;
  rankCode: string | null;
}

export interface StaffPage {
  items: StaffSummary[];
  hasNextPage: boolean;
  total: number;
}

/** Position in the (name, nip) order. */
export interface StaffCursor {
  name: string;
  nip: string;
}

export function unitsInScope(units: readonly WorkUnit[], query: Pick<StaffQuery, 'agency' | 'workUnitId'>): WorkUnit[] {
  return units.filter((u) => (query.workUnitId === null || u.id === query.workUnitId) && (query.agency === null || u.agency === query.agency));
}

export async function searchStaff(staff: StaffRecordsCapability, query: StaffQuery, first: number, after: StaffCursor | null): Promise<StaffPage> {
  const units = unitsInScope(await staff.workUnits(), query);
  const rosters = await Promise.all(units.map((unit) => staff.roster(unit.id)));
  const needle = query.name === null ? null : normalize(query.name);
  const seen = new Set<string>();
  const matches: StaffSummary[] = [];
  for (const person of rosters.flat()) {
    if (seen.has(person.nip)) continue;
    seen.add(person.nip);
    if (needle !== null && !normalize(person.name).includes(needle)) continue;
    if (query.rankCode !== null && person.rankCode !== query.rankCode) continue;
    matches.push(person);
  }
  matches.sort(byNameThenNip);
  const start = after === null ? 0 : matches.findIndex((p) => byNameThenNip(p, after) > 0);
  const from = start === -1 ? matches.length : start;
  return { items: matches.slice(from, from + first), hasNextPage: from + first < matches.length, total: matches.length };
}

function byNameThenNip(a: { name: string; nip: string }, b: { name: string; nip: string }): number {
  return a.name.localeCompare(b.name, 'id') || (a.nip < b.nip ? -1 : a.nip > b.nip ? 1 : 0);
}

function normalize(text: string): string {
  return text.toLocaleLowerCase('id').replace(/[.,']/g, '').replace(/\s+/g, ' ').trim();
}
