/**
 * The demo world as SATUSEHAT holds it: FHIR R4 resources (Organization, Location, HealthcareService, Practitioner,
 * PractitionerRole) rendered once when the stand-in starts, each with the values its search parameters match.
 *
 * Rendering choices where SATUSEHAT's public docs leave room (the stand-in's doc comment lists them too):
 * - Every regency with a facility gets its Dinas Kesehatan as an Organization (type `govt`, no facility type); a
 *   puskesmas is `partOf` its regency's Dinas Kesehatan, a hospital is not part of anything.
 * - Organization.identifier is `http://sys-ids.kemkes.go.id/organization/<IHS number of that Dinas Kesehatan>` with the
 *   facility code (kode faskes) as value: SATUSEHAT scopes local identifiers by the registering organization.
 * - Organization.type holds two CodeableConcepts: `prov` from HL7's organization-type and the facility kind from
 *   `https://fhir.kemkes.go.id/CodeSystem/jenis-faskes` (`puskesmas` / `rumah-sakit`).
 * - Addresses have `line` (street, village, district), `city` (the regency's name), `country` and the
 *   administrative-code extension; no `text`, as SATUSEHAT's own examples have none. Locations have no `position`.
 * - HealthcareService.name is the service type's name, `comment` its description.
 */
import { createHash } from 'node:crypto';
import type { Facility, HealthServiceType, Practitioner, World } from '../world/types.js';
import { JAMBI_REGENCIES, SYSTEMS } from './systems.js';

export const RESOURCE_TYPES = ['Organization', 'Location', 'HealthcareService', 'Practitioner', 'PractitionerRole'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export const isResourceType = (value: string): value is ResourceType => (RESOURCE_TYPES as readonly string[]).includes(value);

/** A resource as it goes on the wire. */
export interface FhirResourceJson {
  resourceType: ResourceType;
  id: string;
  [element: string]: unknown;
}

export interface StoredResource {
  readonly json: FhirResourceJson;
  /** Values per search parameter as searches match them: tokens as `system|code` and as `code`, references as the id. */
  readonly index: Readonly<Record<string, readonly string[]>>;
}

/** The rendered resources, in insertion order per type (searches return them in that order). */
export class FhirStore {
  private readonly byType = new Map<ResourceType, StoredResource[]>(RESOURCE_TYPES.map((type) => [type, []]));
  private readonly byKey = new Map<string, StoredResource>();

  add(json: FhirResourceJson, index: Record<string, readonly string[]>): void {
    const key = `${json.resourceType}/${json.id}`;
    if (this.byKey.has(key)) throw new Error(`the world has ${key} twice`);
    const stored: StoredResource = { json, index: { _id: [json.id], ...index } };
    this.byKey.set(key, stored);
    this.byType.get(json.resourceType)?.push(stored);
  }

  list(type: ResourceType): readonly StoredResource[] {
    return this.byType.get(type) ?? [];
  }

  read(type: ResourceType, id: string): StoredResource | undefined {
    return this.byKey.get(`${type}/${id}`);
  }
}

/** When the sandbox data was "last updated": fixed, so that renders are reproducible. */
const LAST_UPDATED = '2024-07-01T08:00:00.000+07:00';
const META = { versionId: '1', lastUpdated: LAST_UPDATED };

export function renderWorld(world: World): FhirStore {
  const store = new FhirStore();
  const serviceTypes = new Map(world.healthServiceTypes.map((type) => [type.code, type]));
  const offices = healthOffices(world.facilities);
  for (const office of offices.values()) addHealthOffice(store, office);
  for (const facility of world.facilities) {
    const registrar = offices.get(facility.regencyCode);
    if (registrar === undefined) throw new Error(`no health office for regency ${facility.regencyCode}`);
    addFacility(store, facility, registrar, serviceTypes);
  }
  for (const practitioner of world.practitioners) addPractitioner(store, practitioner);
  return store;
}

// --- organizations -------------------------------------------------------------------------------------------------

/** A regency's Dinas Kesehatan: the parent of its puskesmas and the registrar of its facilities' codes. */
interface HealthOffice {
  id: string;
  /** IHS organization number: scopes the local identifiers it registers. */
  ihsNumber: string;
  name: string;
  regencyCode: string;
  provinceCode: string;
}

function healthOffices(facilities: readonly Facility[]): Map<string, HealthOffice> {
  const offices = new Map<string, HealthOffice>();
  for (const facility of facilities) {
    if (offices.has(facility.regencyCode)) continue;
    offices.set(facility.regencyCode, {
      id: stableUuid(`dinkes-${facility.regencyCode}`),
      ihsNumber: `1000${facility.regencyCode}0`,
      name: `Dinas Kesehatan ${regencyName(facility.regencyCode)}`,
      regencyCode: facility.regencyCode,
      provinceCode: facility.provinceCode,
    });
  }
  return offices;
}

function addHealthOffice(store: FhirStore, office: HealthOffice): void {
  const type = [concept(SYSTEMS.organizationType, 'govt', 'Government')];
  store.add(
    {
      resourceType: 'Organization',
      id: office.id,
      meta: META,
      active: true,
      identifier: [{ use: 'official', system: `${SYSTEMS.organizationPrefix}${office.ihsNumber}`, value: office.ihsNumber }],
      type,
      name: office.name,
      address: [
        {
          use: 'work',
          type: 'both',
          city: regencyName(office.regencyCode),
          country: 'ID',
          extension: [administrativeCode({ province: office.provinceCode, city: office.regencyCode })],
        },
      ],
    },
    { type: tokensOfConcepts(type), name: [office.name], identifier: [] },
  );
}

function addFacility(store: FhirStore, facility: Facility, registrar: HealthOffice, serviceTypes: ReadonlyMap<string, HealthServiceType>): void {
  const type = [concept(SYSTEMS.organizationType, 'prov', 'Healthcare Provider'), facilityType(facility)];
  const identifier = { use: 'official', system: `${SYSTEMS.organizationPrefix}${registrar.ihsNumber}`, value: facility.facilityCode };
  const partOf = facility.kind === 'PUSKESMAS' ? registrar : null;
  store.add(
    {
      resourceType: 'Organization',
      id: facility.organizationId,
      meta: META,
      active: true,
      identifier: [identifier],
      type,
      name: facility.name,
      telecom: [{ system: 'phone', value: facility.phone, use: 'work' }],
      address: [address(facility)],
      ...(partOf === null ? {} : { partOf: { reference: `Organization/${partOf.id}`, display: partOf.name } }),
    },
    {
      type: tokensOfConcepts(type),
      identifier: tokens(identifier.system, identifier.value),
      partof: partOf === null ? [] : [partOf.id],
      name: [facility.name],
    },
  );

  const organization = { reference: `Organization/${facility.organizationId}`, display: facility.name };
  const locationIdentifier = { system: `${SYSTEMS.locationPrefix}${registrar.ihsNumber}`, value: facility.facilityCode };
  store.add(
    {
      resourceType: 'Location',
      id: facility.locationId,
      meta: META,
      identifier: [locationIdentifier],
      status: 'active',
      name: facility.name,
      mode: 'instance',
      physicalType: concept(SYSTEMS.locationPhysicalType, 'bu', 'Building'),
      address: address(facility),
      managingOrganization: organization,
    },
    { organization: [facility.organizationId], identifier: tokens(locationIdentifier.system, locationIdentifier.value), name: [facility.name] },
  );

  for (const code of facility.serviceTypes) {
    const serviceType = serviceTypes.get(code) ?? { code, name: code, description: '' };
    const type = [concept(SYSTEMS.serviceType, serviceType.code, serviceType.name)];
    store.add(
      {
        resourceType: 'HealthcareService',
        id: facility.healthcareServiceIds[code] ?? stableUuid(`service-${facility.organizationId}-${code}`),
        meta: META,
        active: true,
        providedBy: organization,
        type,
        name: serviceType.name,
        ...(serviceType.description === '' ? {} : { comment: serviceType.description }),
        location: [{ reference: `Location/${facility.locationId}` }],
      },
      { organization: [facility.organizationId], 'service-type': tokensOfConcepts(type), name: [serviceType.name], active: ['true'] },
    );
  }
}

function facilityType(facility: Facility) {
  switch (facility.kind) {
    case 'PUSKESMAS':
      return concept(SYSTEMS.facilityType, 'puskesmas', 'Puskesmas');
    case 'HOSPITAL':
      return concept(SYSTEMS.facilityType, 'rumah-sakit', 'Rumah Sakit');
  }
}

function address(facility: Facility) {
  return {
    use: 'work',
    type: 'both',
    // A village named like its district ("Jelutung, Jelutung") is written once.
    line: [...new Set([facility.address, facility.village, facility.district].filter((part) => part !== ''))],
    city: regencyName(facility.regencyCode),
    country: 'ID',
    extension: [
      administrativeCode({
        province: facility.provinceCode,
        city: facility.regencyCode,
        district: facility.districtCode,
        village: facility.villageCode,
      }),
    ],
  };
}

function administrativeCode(codes: Record<string, string>) {
  return {
    url: SYSTEMS.administrativeCode,
    extension: Object.entries(codes).map(([url, valueCode]) => ({ url, valueCode })),
  };
}

// --- practitioners -------------------------------------------------------------------------------------------------

function addPractitioner(store: FhirStore, practitioner: Practitioner): void {
  const identifiers = [
    { use: 'official', system: SYSTEMS.nik, value: practitioner.nik },
    { use: 'official', system: SYSTEMS.ihsNumber, value: practitioner.ihsNumber },
  ];
  store.add(
    {
      resourceType: 'Practitioner',
      id: practitioner.id,
      meta: META,
      active: true,
      identifier: identifiers,
      name: [humanName(practitioner.name)],
      gender: practitioner.sex === 'F' ? 'female' : 'male',
      birthDate: practitioner.birthDate,
    },
    { identifier: identifiers.flatMap((identifier) => tokens(identifier.system, identifier.value)) },
  );
  for (const role of practitioner.roles) {
    const code = { coding: [{ system: SYSTEMS.practitionerRole, code: slug(role.role), display: role.role }], text: role.role };
    store.add(
      {
        resourceType: 'PractitionerRole',
        id: role.id,
        meta: META,
        active: true,
        practitioner: { reference: `Practitioner/${practitioner.id}` },
        organization: { reference: `Organization/${role.organizationId}` },
        code: [code],
      },
      { practitioner: [practitioner.id], organization: [role.organizationId], role: tokensOfConcepts([code]), active: ['true'] },
    );
  }
}

/** Titles written before a name in Indonesia; those after it follow a comma ("Siti Aminah, S.Keb."). */
const PREFIX_TITLES = new Set(['dr.', 'drg.', 'Dr.', 'Prof.', 'apt.', 'Ns.', 'H.', 'Hj.', 'Drs.', 'Dra.', 'Ir.']);

/** "dr. Rina Marlina, Sp.A." -> text, prefix ["dr."], given ["Rina"], family "Marlina", suffix ["Sp.A."]. */
function humanName(full: string) {
  const [main = '', ...after] = full.split(',').map((part) => part.trim());
  const words = main.split(/\s+/).filter((word) => word !== '');
  const prefix: string[] = [];
  while (words.length > 1 && PREFIX_TITLES.has(words[0]!)) prefix.push(words.shift()!);
  const family = words.length > 1 ? words.pop() : undefined;
  const suffix = after.filter((part) => part !== '');
  return {
    use: 'official',
    text: full,
    ...(family === undefined ? {} : { family }),
    given: words,
    ...(prefix.length === 0 ? {} : { prefix }),
    ...(suffix.length === 0 ? {} : { suffix }),
  };
}

// --- helpers -------------------------------------------------------------------------------------------------------

function concept(system: string, code: string, display: string) {
  return { coding: [{ system, code, display }] };
}

function tokens(system: string, code: string): string[] {
  return [`${system}|${code}`, code];
}

function tokensOfConcepts(concepts: readonly { coding: readonly { system: string; code: string }[] }[]): string[] {
  return concepts.flatMap((c) => c.coding.flatMap((coding) => tokens(coding.system, coding.code)));
}

function regencyName(code: string): string {
  return JAMBI_REGENCIES[code] ?? `Kabupaten/Kota ${code}`;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** A UUID derived from `seed` (name-based, like v5), so the sandbox's own resources keep their ids across starts. */
export function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(`sepucuk-satusehat:${seed}`).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
