/**
 * What a stand-in can be told to do wrong, from tests or from the demo's control route: answer slowly, fail, send
 * malformed data, refuse our credentials, or go down altogether. Each stand-in renders a mode the way its real system
 * would fail (SIASN: a `code` other than 1; Dapodik: HTTP 200 with `success: false` or a plain-text "Access denied";
 * FHIR: an OperationOutcome; SQL: an error from the server).
 */

export const FAULT_MODES = [
  /** Answer normally. */
  'ok',
  /** Answer with the system's own error (HTTP 500, an error envelope, a SQL error). */
  'fail',
  /** Answer with a payload that breaks the system's contract (missing or mistyped fields). */
  'malformed',
  /** Refuse our credentials (401, "Access denied"). */
  'deny',
  /** Not listening: connections are refused. */
  'down',
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface Faults {
  /** Added before every answer. @default 0 */
  latencyMs: number;
  mode: FaultMode;
  /** When set, the mode applies only to requests whose path starts with this; others answer normally. */
  pathPrefix: string | null;
}

export const NO_FAULTS: Faults = Object.freeze({ latencyMs: 0, mode: 'ok', pathPrefix: null });

export function parseFaults(value: unknown): Faults {
  if (typeof value !== 'object' || value === null) throw new Error('faults must be an object');
  const { latencyMs = 0, mode = 'ok', pathPrefix = null } = value as Record<string, unknown>;
  if (typeof latencyMs !== 'number' || !Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > 600_000) {
    throw new Error('latencyMs must be an integer from 0 to 600000');
  }
  if (typeof mode !== 'string' || !(FAULT_MODES as readonly string[]).includes(mode)) throw new Error(`mode must be one of ${FAULT_MODES.join(', ')}`);
  if (pathPrefix !== null && typeof pathPrefix !== 'string') throw new Error('pathPrefix must be a string or null');
  return { latencyMs, mode: mode as FaultMode, pathPrefix };
}

/** The calls a stand-in received, for tests that count them ("one call per NIP", "no growth with the list"). */
export class CallLog {
  private readonly entries: { path: string; at: number; headers: Readonly<Record<string, string>> }[] = [];

  /** `headers` (HTTP stand-ins: the request's, names in lower case) are kept for tests of what calls carry. */
  record(path: string, headers: Readonly<Record<string, string>> = {}): void {
    this.entries.push({ path, at: Date.now(), headers });
  }

  /** Calls whose path (query included) starts with `prefix`; all calls without one. */
  count(prefix = ''): number {
    return this.entries.filter((e) => e.path.startsWith(prefix)).length;
  }

  paths(): string[] {
    return this.entries.map((e) => e.path);
  }

  /** Each call's path with the headers it was recorded with (e.g. the `traceparent` a traced hub sends). */
  withHeaders(): { path: string; headers: Readonly<Record<string, string>> }[] {
    return this.entries.map(({ path, headers }) => ({ path, headers }));
  }

  reset(): void {
    this.entries.length = 0;
  }
}

/** What every stand-in offers its controller (tests, the demo's control route). */
export interface StandInControl {
  /** The base URL (HTTP stand-ins) or connection string (SQL) the hub is configured with. */
  readonly url: string;
  readonly calls: CallLog;
  faults(): Faults;
  setFaults(faults: Partial<Faults>): Promise<void>;
  /** Back to normal: no latency, mode ok, listening. */
  clearFaults(): Promise<void>;
  stop(): Promise<void>;
}
