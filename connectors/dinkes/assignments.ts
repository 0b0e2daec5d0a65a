/**
 * Where health workers work, joined by NIK: one Practitioner search with the batch's NIKs OR-ed
 * (`identifier=<nik system>|a,<nik system>|b`), then one PractitionerRole search for the practitioners found, with
 * `_include=PractitionerRole:organization` so that the facilities' names come in the same answer. The number of
 * calls does not grow with the number of people: batches of up to 50 NIKs cost two searches (plus pages).
 *
 * Answers are cached per NIK for the TTL (a staff page and a dashboard asking for the same people cost one lookup),
 * and concurrent lookups are gathered into one batch. The NIK goes into the query and nowhere else: it is not in the
 * returned assignments, not in a log line, not in an error message.
 */
import DataLoader from 'dataloader';
import type { Assignment } from '../../src/domain/staff.js';
import type { Logger } from '../../src/logger.js';
import { TtlCache } from '../kit/ttl-cache.js';
import type { PersonKey } from '../types.js';
import type { FhirClient } from './fhir-client.js';
import { chunks, conceptLabel, referenceId } from './fhir-values.js';
import type { PractitionerRole } from './schemas.js';
import { NIK_SYSTEM, PAGE_SIZE, VALUES_PER_SEARCH } from './systems.js';

/** A NIK as it may go into a query: 16 digits (anything else cannot be a practitioner's and is not sent). */
const NIK = /^\d{16}$/;

/** What PractitionerRole.code says when it says nothing: the worker is a health worker, kind unknown. */
const UNKNOWN_ROLE = 'Tenaga Kesehatan';

export class AssignmentReader {
  private readonly cache: TtlCache<readonly Assignment[]>;
  private readonly batches: DataLoader<string, readonly Assignment[]>;

  constructor(
    private readonly fhir: FhirClient,
    private readonly log: Logger,
    cacheTtlMs: number,
  ) {
    this.cache = new TtlCache({ ttlMs: cacheTtlMs });
    // Batching only, no memo: the TTL cache above is the memory, and it forgets failures.
    this.batches = new DataLoader((niks) => this.lookUp(niks), { cache: false, maxBatchSize: VALUES_PER_SEARCH });
  }

  async assignments(people: readonly PersonKey[]): Promise<Assignment[][]> {
    return Promise.all(
      people.map(async (person) => {
        const nik = person.nik?.trim() ?? '';
        if (!NIK.test(nik)) return [];
        const found = await this.cache.get(nik, () => this.batches.load(nik));
        return [...found];
      }),
    );
  }

  clear(): void {
    this.cache.clear();
  }

  private async lookUp(requested: readonly string[]): Promise<(readonly Assignment[])[]> {
    const niks = [...new Set(requested)];
    const practitioners = await this.fhir.search('Practitioner', {
      identifier: niks.map((nik) => `${NIK_SYSTEM}|${nik}`).join(','),
      _count: String(PAGE_SIZE),
    });
    const wanted = new Set(niks);
    const niksOf = new Map<string, string[]>();
    for (const practitioner of practitioners.matches) {
      const matched = (practitioner.identifier ?? []).filter((i) => i.system === NIK_SYSTEM && i.value !== undefined && wanted.has(i.value));
      if (matched.length > 0) niksOf.set(practitioner.id, matched.map((i) => i.value!));
    }

    const roles = await this.roles([...niksOf.keys()]);
    const byNik = new Map<string, Assignment[]>();
    for (const { role, practitionerId, assignment } of roles) {
      for (const nik of niksOf.get(practitionerId) ?? []) {
        const list = byNik.get(nik) ?? [];
        if (!list.some((a) => a.sourceRef === role.id)) list.push(assignment);
        byNik.set(nik, list);
      }
    }
    this.log.debug({ people: niks.length, practitioners: niksOf.size, roles: roles.length }, 'SATUSEHAT practitioner roles joined');
    return requested.map((nik) => byNik.get(nik) ?? []);
  }

  /** The active roles of these practitioners, with the names of their organizations. */
  private async roles(practitionerIds: readonly string[]): Promise<{ role: PractitionerRole; practitionerId: string; assignment: Assignment }[]> {
    if (practitionerIds.length === 0) return [];
    const results = await Promise.all(
      chunks(practitionerIds, VALUES_PER_SEARCH).map((group) =>
        this.fhir.search('PractitionerRole', {
          practitioner: group.join(','),
          _include: 'PractitionerRole:organization',
          _count: String(PAGE_SIZE),
        }),
      ),
    );
    const organizationNames = new Map<string, string>();
    for (const resource of results.flatMap((r) => r.included)) {
      if (resource.resourceType === 'Organization' && resource.name) organizationNames.set(resource.id, resource.name);
    }
    const roles = results.flatMap((r) => r.matches).filter((role) => role.active !== false);
    await this.fillOrganizationNames(roles, organizationNames);

    return roles.flatMap((role) => {
      const practitionerId = referenceId(role.practitioner, 'Practitioner');
      const organizationId = referenceId(role.organization, 'Organization');
      if (practitionerId === null || organizationId === null) return [];
      const placeName = organizationNames.get(organizationId) ?? role.organization?.display ?? '';
      const assignment: Assignment = {
        kind: 'HEALTH',
        agency: 'DINKES',
        role: conceptLabel(role.code?.[0]) ?? UNKNOWN_ROLE,
        placeName,
        placeRef: organizationId,
        employmentStatus: null,
        subject: null,
        sourceRef: role.id,
      };
      return [{ role, practitionerId, assignment }];
    });
  }

  /**
   * For a server that ignores `_include`: names of organizations neither included nor given as the reference's
   * display are read with one `_id` search (per 50), not one read each.
   */
  private async fillOrganizationNames(roles: readonly PractitionerRole[], names: Map<string, string>): Promise<void> {
    const missing = new Set<string>();
    for (const role of roles) {
      const id = referenceId(role.organization, 'Organization');
      if (id !== null && !names.has(id) && !role.organization?.display) missing.add(id);
    }
    if (missing.size === 0) return;
    const results = await Promise.all(
      chunks([...missing], VALUES_PER_SEARCH).map((group) => this.fhir.search('Organization', { _id: group.join(','), _count: String(PAGE_SIZE) })),
    );
    for (const organization of results.flatMap((r) => r.matches)) {
      if (organization.name) names.set(organization.id, organization.name);
    }
  }
}
