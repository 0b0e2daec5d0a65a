/**
 * The schema check: compares the committed snapshot (schema.snapshot.graphql, the contract clients were last promised)
 * with the SDL in schema/*.graphql, using GraphQL Inspector's diff, and fails on a breaking change that was not
 * declared.
 *
 * "Declared" means deprecated first: a field, enum value or input field may be removed once the snapshot shows it
 * `@deprecated` (so the deprecation was committed, and clients were told, before the removal). Any other breaking
 * change (a changed type, a removed non-deprecated field, a new required argument) fails the check, naming each
 * change. Changing a field's type is done the declared way: add a field with the new type, deprecate the old one,
 * remove it later. Dangerous changes (e.g. a new enum value clients may not handle) are printed and pass; safe
 * changes only mean the snapshot is behind.
 *
 * Two edges of the rule we use (GraphQL Inspector's suppressRemovalOfDeprecatedField): removing a deprecated
 * *argument* still counts as breaking (the rule does not cover arguments; that needs --accept-breaking), and removing
 * a whole type counts as dangerous, because every field or argument that still used it fails on its own.
 *
 *   npm run schema:check                               fails on undeclared breaking changes
 *   npm run schema:snapshot                            writes the snapshot; refuses undeclared breaking changes
 *   npm run schema:snapshot -- --accept-breaking       writes it anyway: a deliberate break, to be explained in the commit
 *
 * Both take `--schema-dir <dir>` and `--snapshot <file>` (the tests point them at temporary copies).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { buildSchema } from 'graphql';
import { CriticalityLevel, diff, DiffRule, type Change } from '@graphql-inspector/core';
import { projectPath } from '../src/project-root.js';
import { buildSdlSchema, printSortedSchema, SCHEMA_DIR } from './schema-sdl.js';

export const SNAPSHOT_PATH = projectPath('schema.snapshot.graphql');

export interface SchemaCheckOptions {
  /** @default schema/ */
  schemaDir?: string;
  /** @default schema.snapshot.graphql at the repository root */
  snapshotPath?: string;
}

export interface SchemaCheckResult {
  /** Breaking changes that were not declared by deprecating first: any of these fails the check. */
  breaking: Change[];
  /** Dangerous changes, and removals that were declared: printed, allowed. */
  dangerous: Change[];
  /** Changes no client can notice (additions, descriptions): the snapshot is behind, nothing more. */
  safe: Change[];
  /** The SDL the snapshot would hold now. */
  currentSdl: string;
  /** False when there is no snapshot yet (everything is new). */
  snapshotExists: boolean;
}

export async function checkSchema(options: SchemaCheckOptions = {}): Promise<SchemaCheckResult> {
  const snapshotPath = options.snapshotPath ?? SNAPSHOT_PATH;
  const current = buildSdlSchema(options.schemaDir ?? SCHEMA_DIR);
  const currentSdl = printSortedSchema(current);
  const snapshotExists = existsSync(snapshotPath);
  if (!snapshotExists) return { breaking: [], dangerous: [], safe: [], currentSdl, snapshotExists };

  const snapshot = buildSchema(readFileSync(snapshotPath, 'utf8'));
  // suppressRemovalOfDeprecatedField is what makes "deprecate first" a declaration: removing what the snapshot
  // already marks @deprecated is downgraded from breaking to dangerous.
  const changes = await diff(snapshot, current, [DiffRule.suppressRemovalOfDeprecatedField]);
  return {
    breaking: changes.filter((change) => change.criticality.level === CriticalityLevel.Breaking),
    dangerous: changes.filter((change) => change.criticality.level === CriticalityLevel.Dangerous),
    safe: changes.filter((change) => change.criticality.level === CriticalityLevel.NonBreaking),
    currentSdl,
    snapshotExists,
  };
}

/** The report a developer reads: each change on its own line, with what to do about the breaking ones. */
export function formatReport(result: SchemaCheckResult): string {
  const lines: string[] = [];
  const list = (changes: Change[]) => changes.map((change) => `  - ${change.message}${change.path ? ` (${change.path})` : ''}`);
  if (!result.snapshotExists) {
    lines.push('There is no schema snapshot yet: run `npm run schema:snapshot` and commit schema.snapshot.graphql.');
  }
  if (result.breaking.length > 0) {
    lines.push(`${result.breaking.length} breaking change(s) that were not declared:`, ...list(result.breaking), '');
    lines.push(
      'Clients depend on these names. Declare a change by deprecating first: keep the old field (or enum value, or',
      'input field), mark it @deprecated(reason: "Use `newField`."), add its replacement, run `npm run schema:snapshot`',
      'and commit; remove it in a later change. To change a field\'s type, add a field with the new type and deprecate',
      'the old one. A deliberate break (agreed with every client) is recorded with',
      '`npm run schema:snapshot -- --accept-breaking`, explained in the commit message.',
    );
  }
  if (result.dangerous.length > 0) {
    lines.push(`${result.dangerous.length} dangerous or declared change(s), allowed:`, ...list(result.dangerous));
  }
  if (result.safe.length > 0) {
    lines.push(`${result.safe.length} safe change(s) since the snapshot; \`npm run schema:snapshot\` records them.`);
  }
  if (lines.length === 0) lines.push('The schema matches its snapshot.');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      write: { type: 'boolean', default: false },
      'accept-breaking': { type: 'boolean', default: false },
      'schema-dir': { type: 'string' },
      snapshot: { type: 'string' },
    },
  });
  const snapshotPath = values.snapshot ?? SNAPSHOT_PATH;
  const result = await checkSchema({ snapshotPath, ...(values['schema-dir'] === undefined ? {} : { schemaDir: values['schema-dir'] }) });
  const undeclared = result.breaking.length > 0;
  console.log(formatReport(result));
  if (!values.write) {
    // Without a snapshot nothing is protected, so that fails too.
    process.exitCode = undeclared || !result.snapshotExists ? 1 : 0;
    return;
  }
  if (undeclared && !values['accept-breaking']) {
    console.error('\nThe snapshot was not written.');
    process.exitCode = 1;
    return;
  }
  writeFileSync(snapshotPath, result.currentSdl);
  console.log(`\nWrote ${snapshotPath}.`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
