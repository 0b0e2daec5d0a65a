/**
 * SATUSEHAT's facilities as the hub's catalog: the facility Organizations (puskesmas, hospitals), their Locations
 * (address, regency code) and HealthcareServices, read with a handful of searches (one Organization search, then
 * Locations and HealthcareServices of all facilities at once, 50 organizations per search), never one call per
 * facility.
 *
 * Services are per service TYPE: "Poli Umum" is one hub service offered at many puskesmas. SATUSEHAT publishes no
 * requirements, procedure, time limit, fee or legal basis, so those are null and the hub keeps its own.
 */
import type { OfficeKind } from '../../src/domain/catalog.js';
import type { Logger } from '../../src/logger.js';
import { SourceError } from '../kit/source-error.js';
import type { SourceCatalog, SourceOffice, SourceService } from '../types.js';
import type { FhirClient } from './fhir-client.js';
import { addressText, chunks, codeFrom, referenceId, regencyCode } from './fhir-values.js';
import type { HealthcareService, Location, Organization } from './schemas.js';
import {
  FACILITY_TYPE_CODES,
  FACILITY_TYPE_SYSTEM,
  ORGANIZATION_IDENTIFIER_PREFIX,
  PAGE_SIZE,
  SERVICE_TYPE_SYSTEM,
  VALUES_PER_SEARCH,
  type FacilityTypeCode,
} from './systems.js';

export async function readCatalog(fhir: FhirClient, log: Logger): Promise<SourceCatalog> {
  const organizations = await fhir.search('Organization', {
    type: FACILITY_TYPE_CODES.map((code) => `${FACILITY_TYPE_SYSTEM}|${code}`).join(','),
    _count: String(PAGE_SIZE),
  });
  const facilities = organizations.matches.flatMap((organization) => {
    const type = organization.active === false ? null : facilityType(organization);
    return type === null ? [] : [{ organization, type }];
  });
  const ids = facilities.map((f) => f.organization.id);
  const [locations, services] = await Promise.all([
    searchByOrganization(fhir, 'Location', ids),
    searchByOrganization(fhir, 'HealthcareService', ids),
  ]);

  const locationOf = new Map<string, Location>();
  for (const location of locations) {
    const organizationId = referenceId(location.managingOrganization, 'Organization');
    if (organizationId !== null && location.status !== 'inactive' && !locationOf.has(organizationId)) locationOf.set(organizationId, location);
  }

  const serviceRefsOf = new Map<string, string[]>();
  const serviceByType = new Map<string, SourceService>();
  for (const service of services) {
    const organizationId = referenceId(service.providedBy, 'Organization');
    const type = serviceType(service);
    if (service.active === false || organizationId === null || type === null) continue;
    const refs = serviceRefsOf.get(organizationId) ?? [];
    if (!refs.includes(type.code)) refs.push(type.code);
    serviceRefsOf.set(organizationId, refs);
    if (!serviceByType.has(type.code)) serviceByType.set(type.code, toService(type.code, type.display, service));
  }

  const offices = facilities.map(({ organization, type }) =>
    toOffice(organization, type, locationOf.get(organization.id), serviceRefsOf.get(organization.id) ?? [], log),
  );
  log.debug({ offices: offices.length, services: serviceByType.size, searches: organizations.pages }, 'SATUSEHAT catalog read');
  return { offices, services: [...serviceByType.values()] };
}

async function searchByOrganization<T extends 'Location' | 'HealthcareService'>(fhir: FhirClient, type: T, organizationIds: readonly string[]) {
  const results = await Promise.all(
    chunks(organizationIds, VALUES_PER_SEARCH).map((group) => fhir.search(type, { organization: group.join(','), _count: String(PAGE_SIZE) })),
  );
  return results.flatMap((result) => result.matches);
}

function facilityType(organization: Organization): FacilityTypeCode | null {
  const code = codeFrom(organization.type, FACILITY_TYPE_SYSTEM)?.code;
  return FACILITY_TYPE_CODES.find((known) => known === code) ?? null;
}

function officeKind(type: FacilityTypeCode): OfficeKind {
  switch (type) {
    case 'puskesmas':
      return 'PUSKESMAS';
    case 'rumah-sakit':
      return 'HOSPITAL';
  }
}

/**
 * The hub's code for a facility: "PKM-" and the puskesmas' own name ("UPTD Puskesmas Pakuan Baru" -> PKM-PAKUAN-BARU);
 * "RS-" and the facility code for a hospital (its name when it has no code).
 */
function officeCode(type: FacilityTypeCode, name: string, facilityCode: string | null): string {
  switch (type) {
    case 'puskesmas':
      return `PKM-${codeWords(name.replace(/^\s*(UPTD\s+)?Puskesmas\s+/i, ''))}`;
    case 'rumah-sakit':
      return `RS-${codeWords(facilityCode ?? name)}`;
  }
}

/** Upper case, accents dropped, every run of other characters one dash. */
function codeWords(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function toOffice(organization: Organization, type: FacilityTypeCode, location: Location | undefined, serviceRefs: string[], log: Logger): SourceOffice {
  const name = organization.name?.trim();
  if (!name) throw new SourceError('DINKES', 'MALFORMED', `Organization/${organization.id}: a facility without a name`);
  const facilityCode = organization.identifier?.find((i) => i.system?.startsWith(ORGANIZATION_IDENTIFIER_PREFIX) && i.value)?.value ?? null;
  const organizationAddress = organization.address?.[0];
  const regency = regencyCode(location?.address) ?? regencyCode(organizationAddress);
  if (regency === null) log.warn({ organizationId: organization.id }, 'SATUSEHAT facility without an administrative code; regency left empty');
  return {
    ref: organization.id,
    code: officeCode(type, name, facilityCode),
    name,
    kind: officeKind(type),
    address: addressText(location?.address) || addressText(organizationAddress),
    regencyCode: regency ?? '',
    serviceRefs,
  };
}

/** The service type: the coding from the province's CodeSystem, else the first coding with a code. */
function serviceType(service: HealthcareService): { code: string; display: string | null } | null {
  const local = codeFrom(service.type, SERVICE_TYPE_SYSTEM);
  if (local !== null) return local;
  const coding = service.type?.flatMap((concept) => concept.coding ?? []).find((c) => c.code !== undefined && c.code !== '');
  return coding?.code === undefined ? null : { code: coding.code, display: coding.display ?? null };
}

function toService(typeCode: string, typeDisplay: string | null, service: HealthcareService): SourceService {
  return {
    ref: typeCode,
    code: `DKS-${typeCode}`,
    name: typeDisplay ?? service.name ?? typeCode,
    description: service.comment ?? '',
    requirements: null,
    procedure: null,
    timeLimit: null,
    feeRupiah: null,
    legalBasis: null,
  };
}
