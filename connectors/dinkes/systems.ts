/**
 * The URIs the connector recognises in SATUSEHAT resources. The national ones are SATUSEHAT's; the service-type and
 * health-worker CodeSystems are the provincial Dinas Kesehatan's (SATUSEHAT has no national list for them).
 */

/** Where the FHIR API lives under the configured base URL. */
export const FHIR_PATH = 'fhir-r4/v1';
/** The client-credentials token route under the configured base URL. */
export const TOKEN_PATH = 'oauth2/v1/accesstoken';

export const NIK_SYSTEM = 'https://fhir.kemkes.go.id/id/nik';
/** Organization.identifier systems start with this; the value is the facility code (kode faskes). */
export const ORGANIZATION_IDENTIFIER_PREFIX = 'http://sys-ids.kemkes.go.id/organization/';
/** Organization.type coding for the kind of facility. */
export const FACILITY_TYPE_SYSTEM = 'https://fhir.kemkes.go.id/CodeSystem/jenis-faskes';
/** HealthcareService.type coding for the service type (`POLI-UMUM` ...). */
export const SERVICE_TYPE_SYSTEM = 'https://fhir.dinkes.jambiprov.go.id/CodeSystem/jenis-layanan';
/** Address extension with Kemendagri codes; the `city` sub-extension is the regency code. */
export const ADMINISTRATIVE_CODE_URL = 'https://fhir.kemkes.go.id/r4/StructureDefinition/administrativeCode';

/** The facility kinds the hub lists, as jenis-faskes codes. */
export const FACILITY_TYPE_CODES = ['puskesmas', 'rumah-sakit'] as const;
export type FacilityTypeCode = (typeof FACILITY_TYPE_CODES)[number];

/** Identifiers (or ids) OR-ed into one search: keeps URLs well under common 8 KB limits. */
export const VALUES_PER_SEARCH = 50;
/** Resources asked for per page; SATUSEHAT's cap. */
export const PAGE_SIZE = 100;
