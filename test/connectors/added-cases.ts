/**
 * The contract cases of the connectors in connectors/added.ts, one per agency; `npm run new:connector` appends to this
 * list, and ./contract.test.ts runs every one beside the four built-in connectors.
 */
import type { AddedContractCase } from './contract-case.js';

export const ADDED_CONTRACT_CASES: readonly AddedContractCase[] = [
];
