/**
 * What the shared connector contract suite (./contract.test.ts) needs to know about one connector: how to make it
 * against its stand-in, and one read by key to check it on.
 */
import type { ConnectorDeps } from '../../connectors/kit/deps.js';
import type { SourceConnector } from '../../connectors/types.js';
import type { Sandbox } from '../../sandbox/index.js';
import type { AgencyCode } from '../../src/domain/catalog.js';

/** How the suite reads one connector by key: it answers a value for a known key and `null` for a missing one. */
export interface KeyedRead {
  read(keys: readonly string[]): Promise<(unknown | null)[]>;
  present: readonly [string, string];
  missing: string;
  /** Whether an answer belongs to its key (so that swapped answers are caught). */
  belongsTo(key: string, answer: unknown): boolean;
}

export interface ContractCase {
  agency: AgencyCode;
  connector(deps: ConnectorDeps): SourceConnector;
  keyed(connector: SourceConnector): KeyedRead;
}

/**
 * The case of a connector added with `npm run new:connector`, given the suite's sandbox (started before any case runs,
 * hence a getter).
 */
export type AddedContractCase = (sandbox: () => Sandbox) => ContractCase;
