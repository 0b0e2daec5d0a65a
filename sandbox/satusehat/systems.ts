/**
 * The URIs SATUSEHAT resources carry, as the stand-in renders them. The national ones are SATUSEHAT's own; the local
 * CodeSystems (service types, health-worker kinds) are the provincial Dinas Kesehatan's, because SATUSEHAT has no
 * national code list for "Poli Umum" or "Bidan" that a puskesmas would use in HealthcareService.type or
 * PractitionerRole.code.
 *
 * The connector keeps its own copy of these (connectors/dinkes/systems.ts) on purpose: the stand-in plays the other
 * side of the wire, and sharing one module would let a mistake in it pass both sides unnoticed.
 */

/** Where the FHIR API lives under the base URL. */
export const FHIR_BASE_PATH = '/fhir-r4/v1';
/** The client-credentials token route under the base URL. */
export const TOKEN_PATH = '/oauth2/v1/accesstoken';

export const FHIR_CONTENT_TYPE = 'application/fhir+json; charset=utf-8';

export const SYSTEMS = {
  /** Practitioner.identifier: the NIK. */
  nik: 'https://fhir.kemkes.go.id/id/nik',
  /** Practitioner.identifier: the IHS number of a health worker (nakes). */
  ihsNumber: 'https://fhir.kemkes.go.id/id/nakes-his-number',
  /** Organization.identifier: `<prefix><IHS number of the registering organization>`, value = the facility code. */
  organizationPrefix: 'http://sys-ids.kemkes.go.id/organization/',
  /** Location.identifier, same pattern. */
  locationPrefix: 'http://sys-ids.kemkes.go.id/location/',
  /** Organization.type: `prov` (healthcare provider), `govt` (government body). */
  organizationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
  /** Organization.type: the kind of facility (jenis faskes): `puskesmas`, `rumah-sakit`. */
  facilityType: 'https://fhir.kemkes.go.id/CodeSystem/jenis-faskes',
  /** HealthcareService.type: the service type code (`POLI-UMUM`, `KIA` ...). Local to the province. */
  serviceType: 'https://fhir.dinkes.jambiprov.go.id/CodeSystem/jenis-layanan',
  /** PractitionerRole.code: the kind of health worker (Dokter, Bidan ...). Local to the province. */
  practitionerRole: 'https://fhir.dinkes.jambiprov.go.id/CodeSystem/jenis-tenaga-kesehatan',
  /** Address extension with Kemendagri codes: sub-extensions `province`, `city`, `district`, `village`. */
  administrativeCode: 'https://fhir.kemkes.go.id/r4/StructureDefinition/administrativeCode',
  locationPhysicalType: 'http://terminology.hl7.org/CodeSystem/location-physical-type',
} as const;

/** Kemendagri names of the regencies and cities of Jambi (province 15), for Address.city. */
export const JAMBI_REGENCIES: Readonly<Record<string, string>> = {
  '1501': 'Kabupaten Kerinci',
  '1502': 'Kabupaten Merangin',
  '1503': 'Kabupaten Sarolangun',
  '1504': 'Kabupaten Batanghari',
  '1505': 'Kabupaten Muaro Jambi',
  '1506': 'Kabupaten Tanjung Jabung Timur',
  '1507': 'Kabupaten Tanjung Jabung Barat',
  '1508': 'Kabupaten Tebo',
  '1509': 'Kabupaten Bungo',
  '1571': 'Kota Jambi',
  '1572': 'Kota Sungai Penuh',
};
