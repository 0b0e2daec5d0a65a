/**
 * The SDL files of the public contract (`schema/*.graphql`, one per domain), read in a fixed order. Its own module,
 * apart from src/schema.ts, so that tools that only read the contract (the schema check, the reference docs, the
 * operations manifest) do not load every resolver with it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { projectPath } from './project-root.js';

export const SCHEMA_DIR = projectPath('schema');

export function loadTypeDefs(dir: string = SCHEMA_DIR): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(`${dir}/${file}`, 'utf8'));
}
