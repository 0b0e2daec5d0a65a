/**
 * Connectors added after the four built in, one module per agency (see docs/connectors.md). `npm run new:connector`
 * appends to this list; the configuration, the sandbox, the registry and the contract suite all read it.
 */
import type { ConnectorModule } from './types.js';

export const ADDED_CONNECTORS: readonly ConnectorModule<unknown>[] = [
];
