/**
 * The catalog as the rest of the hub sees it: agencies, offices, counters and services.
 * Stores and connectors return these; resolvers map them onto the schema (codegen `mappers`).
 */

export const AGENCY_CODES = ['DISDUKCAPIL', 'DISDIK', 'DINKES', 'BKD'] as const;
export type AgencyCode = (typeof AGENCY_CODES)[number];

export const isAgencyCode = (value: unknown): value is AgencyCode =>
  typeof value === 'string' && (AGENCY_CODES as readonly string[]).includes(value);

export const OFFICE_KINDS = [
  'CIVIL_REGISTRY_OFFICE',
  'PUBLIC_SERVICE_MALL',
  'PUSKESMAS',
  'HOSPITAL',
  'SCHOOL',
  'AGENCY_OFFICE',
] as const;
export type OfficeKind = (typeof OFFICE_KINDS)[number];

export interface Agency {
  code: AgencyCode;
  name: string;
  shortName: string;
  description: string;
}

/** Where a catalog entry comes from when an agency's own system publishes it (null: the hub's own catalog). */
export interface SourceLink {
  agency: AgencyCode;
  /** The source's own key: kode_upt or kode_layanan, NPSN, FHIR Organization id or service type code. */
  ref: string;
  /** When the hub last copied it from the source. */
  syncedAt: Date | null;
}

export interface Office {
  code: string;
  name: string;
  kind: OfficeKind;
  /** The agency that runs the office; null for a hall shared by several agencies (MPP). */
  agencyCode: AgencyCode | null;
  address: string;
  regencyCode: string;
  source: SourceLink | null;
}

export interface Service {
  code: string;
  agencyCode: AgencyCode;
  name: string;
  description: string;
  requirements: readonly string[];
  procedure: readonly string[];
  timeLimit: string | null;
  feeRupiah: number | null;
  legalBasis: string | null;
  updatedAt: Date;
  source: SourceLink | null;
}

/** A service as offered at one office, with the ticket letter it has there. */
export interface OfficeService {
  officeCode: string;
  serviceCode: string;
  ticketPrefix: string;
}

export interface Counter {
  id: string;
  officeCode: string;
  code: string;
  name: string;
  agencyCode: AgencyCode;
  isOpen: boolean;
}

export interface ServiceFilter {
  agency?: AgencyCode | null | undefined;
  officeCode?: string | null | undefined;
  text?: string | null | undefined;
}

export interface OfficeFilter {
  agency?: AgencyCode | null | undefined;
  kind?: OfficeKind | null | undefined;
  regencyCode?: string | null | undefined;
  text?: string | null | undefined;
}

/** A hub-catalog service as an admin writes it: the service without its timestamp, with where it is offered. */
export type ServiceDraft = Omit<Service, 'updatedAt' | 'source'> & {
  /** null keeps the current office list. */
  offices: readonly { officeCode: string; ticketPrefix: string }[] | null;
};

export type ServiceConnection = import('./paging.js').Connection<Service>;
