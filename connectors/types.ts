/**
 * The connector interface: what the hub asks of an agency's source system, in the hub's own domain types.
 *
 * A connector is made by its agency's factory (`createBkdConnector(config, deps)` ...) and offers the capabilities its
 * system has: BKD's SIASN has staff records; Dapodik and SATUSEHAT have catalog entries (schools, facilities) and
 * sector assignments; the civil registry has catalog entries and resident verification. Everything a capability
 * returns is already parsed and translated; every failure is a `SourceError`.
 *
 * Batch methods take a list of keys and return one result per key, in key order (the DataLoader contract), so that
 * the per-request loaders can hand them whole batches.
 */
import type { AgencyCode, OfficeKind } from '../src/domain/catalog.js';
import type { Assignment, Evaluation, Position, Rank, StaffProfile, StaffSummary, Training, WorkUnit } from '../src/domain/staff.js';
import type { StandInControl } from '../sandbox/kit/faults.js';
import type { World } from '../sandbox/world/types.js';
import type { ConnectorDeps } from './kit/deps.js';
import type { SourceHealthStatus } from './kit/guard.js';

export const SOURCE_PROTOCOLS = ['REST_JSON', 'DAPODIK_WEBSERVICE', 'FHIR_R4', 'SQL'] as const;
export type SourceProtocol = (typeof SOURCE_PROTOCOLS)[number];

export interface SourceConnector {
  readonly agency: AgencyCode;
  /** What the system is, for people: "SIASN (BKD)", "Dapodik WebService" ... */
  readonly system: string;
  readonly protocol: SourceProtocol;
  /** Where it is reached, without credentials. */
  readonly endpoint: string;
  /** Breaker, last success and failure, latency: from the calls made so far, without calling. */
  status(): SourceHealthStatus;
  /** Makes one cheap call to see whether the source answers; throws a SourceError when it does not. */
  health(): Promise<void>;
  /** Releases connections and timers. Safe to call more than once. */
  close(): Promise<void>;
}

// --- catalog -----------------------------------------------------------------------------------------------------------

/** An office as a source publishes it. */
export interface SourceOffice {
  /** The source's own key (kode_upt, FHIR Organization id, NPSN). */
  ref: string;
  /** The hub code for this office when the hub does not know it yet, e.g. DUKCAPIL-KOTA-JAMBI, PKM-PAKUAN-BARU. */
  code: string;
  name: string;
  kind: OfficeKind;
  address: string;
  regencyCode: string;
  /** `ref`s of the services offered here. */
  serviceRefs: string[];
}

/** A service (with its standard, where the source publishes one) as a source publishes it. */
export interface SourceService {
  ref: string;
  /** The hub code for this service, e.g. DUK-KTP-EL, DKS-POLI-UMUM. */
  code: string;
  name: string;
  description: string;
  /** Null: the source does not publish it, and the hub keeps what its own catalog says. */
  requirements: string[] | null;
  procedure: string[] | null;
  timeLimit: string | null;
  feeRupiah: number | null;
  legalBasis: string | null;
}

export interface SourceCatalog {
  offices: SourceOffice[];
  services: SourceService[];
}

export interface CatalogCapability {
  /**
   * The source's catalog. `knownOfficeRefs` are the source keys of offices the hub has registered: a source that can
   * only be asked per office (Dapodik, per NPSN) reads those; the others list everything and ignore it.
   */
  fetchCatalog(knownOfficeRefs: readonly string[]): Promise<SourceCatalog>;
}

export type CatalogSource = SourceConnector & { readonly catalog: CatalogCapability };

/** Whether a connector publishes catalog entries: the catalog sync and `sources { catalog }` ask this, not a list of agencies. */
export const offersCatalog = (connector: SourceConnector): connector is CatalogSource => 'catalog' in connector;

// --- staff (BKD) -------------------------------------------------------------------------------------------------------

export interface StaffRecordsCapability {
  /** data-utama per NIP; null for a NIP the source does not know. */
  profiles(nips: readonly string[]): Promise<(StaffProfile | null)[]>;
  /** Structural training (rw-diklat) and courses (rw-kursus), merged, newest first. */
  trainings(nips: readonly string[]): Promise<Training[][]>;
  /** SKP by year (rw-skp22), newest first. */
  evaluations(nips: readonly string[]): Promise<Evaluation[][]>;
  /** Rank history (rw-golongan), newest first. */
  rankHistory(nips: readonly string[]): Promise<Rank[][]>;
  /** Position history (rw-jabatan), newest first. */
  positionHistory(nips: readonly string[]): Promise<Position[][]>;
  /** The work units staff are listed under. */
  workUnits(): Promise<WorkUnit[]>;
  /** Everyone listed under a work unit (all pages). */
  roster(workUnitId: string): Promise<StaffSummary[]>;
}

// --- sector assignments (Dapodik, SATUSEHAT) ----------------------------------------------------------------------------

/** Whom to look up: the NIP joins Dapodik's GTK, the NIK joins SATUSEHAT's practitioners. */
export interface PersonKey {
  nip: string;
  nik: string | null;
}

export interface AssignmentsCapability {
  /**
   * Where each person works according to this sector's system; one list per key, in key order. `knownPlaceRefs` are
   * the source keys of the places the hub has registered for this agency (NPSNs): a source that can only be read per
   * place (Dapodik) reads those; a source that can be searched by person (FHIR) ignores it.
   */
  assignments(people: readonly PersonKey[], knownPlaceRefs: readonly string[]): Promise<Assignment[][]>;
}

// --- residents (Disdukcapil) -----------------------------------------------------------------------------------------

export interface ResidentClaim {
  nik: string;
  name: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
}

/** The civil registry's answer: match or not, per field. The population record itself never leaves the agency. */
export interface ResidentVerification {
  nikFound: boolean;
  /** Null when the NIK was not found. */
  nameMatches: boolean | null;
  birthDateMatches: boolean | null;
}

export interface ResidentVerificationCapability {
  verify(claim: ResidentClaim): Promise<ResidentVerification>;
}

// --- the four connectors ------------------------------------------------------------------------------------------------

export interface BkdConnector extends SourceConnector {
  readonly staff: StaffRecordsCapability;
}

export interface DisdikConnector extends SourceConnector {
  readonly catalog: CatalogCapability;
  readonly assignments: AssignmentsCapability;
}

export interface DinkesConnector extends SourceConnector {
  readonly catalog: CatalogCapability;
  readonly assignments: AssignmentsCapability;
}

export interface DisdukcapilConnector extends SourceConnector {
  readonly catalog: CatalogCapability;
  readonly residents: ResidentVerificationCapability;
}

export interface Connectors {
  readonly bkd: BkdConnector;
  readonly disdik: DisdikConnector;
  readonly dinkes: DinkesConnector;
  readonly disdukcapil: DisdukcapilConnector;
  /** Every connector, the four and the added ones (connectors/added.ts), in AgencyCode order. */
  readonly all: readonly SourceConnector[];
  byAgency(agency: AgencyCode): SourceConnector;
  close(): Promise<void>;
}

// --- added connectors (`npm run new:connector`) ----------------------------------------------------------------------

/**
 * Everything the hub needs to know about an agency source beyond the four built in: the variables that configure it,
 * how its connector is made, and how its sandbox stand-in starts. `npm run new:connector` writes one per agency
 * (`connectors/<agency>/module.ts`) and lists it in `connectors/added.ts`; configuration, sandbox, registry and the
 * contract suite read that list, so no other file names the agency.
 *
 * A module's settings are made by the module itself (`settingsFrom`, or its stand-in) and handed back to it
 * (`create`, `toEnv`) unopened, so modules with different settings types share one list as `ConnectorModule<unknown>`:
 * the methods below are declared as methods, whose parameters TypeScript compares bivariantly, for that reason.
 */
export interface ConnectorModule<Settings, Connector extends SourceConnector = SourceConnector> {
  readonly agency: AgencyCode;
  /**
   * The variable with the source's http(s) base URL, e.g. `DISHUB_URL`. Unset: served by the sandbox stand-in in
   * development, a start-up error naming it in production.
   */
  readonly urlVariable: string;
  /** Variables that must be set with the URL (tokens, client ids); a missing one is a start-up error naming it. */
  readonly credentialVariables: readonly string[];
  /** The settings from the variables' values; `read` gives the (checked) value of the URL or a credential variable. */
  settingsFrom(read: (variable: string) => string): Settings;
  /** The settings as the variables that configure them (for a hub in another process, pointed at a stand-in). */
  toEnv(settings: Settings): Record<string, string>;
  create(settings: Settings, deps: ConnectorDeps): Connector;
  /** Starts the stand-in; the sandbox code is imported only then, so production never loads it. */
  startStandIn(world: World): Promise<StartedStandIn<Settings>>;
}

export interface StartedStandIn<Settings> {
  readonly control: StandInControl;
  /** How a connector reaches this stand-in. */
  readonly settings: Settings;
}
