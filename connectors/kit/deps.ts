/**
 * What every connector factory receives besides its own settings: the logger, the resilience settings its guard
 * uses, the observer that counts and traces its calls, and how long it may reuse answers.
 */
import type { Logger } from '../../src/logger.js';
import type { GuardOptions, SourceObserver } from './guard.js';

export interface ConnectorDeps {
  log: Logger;
  guard: GuardOptions;
  observer: SourceObserver;
  /** How long answers may be reused across requests (0: never). */
  cacheTtlMs: number;
}
