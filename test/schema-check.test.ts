/**
 * The schema check (scripts/schema-check.ts) on temporary copies of schema/: an undeclared breaking change fails and
 * names the field; deprecating first, then removing, passes.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkSchema, formatReport, SNAPSHOT_PATH } from '../scripts/schema-check.js';
import { buildSdlSchema, printSortedSchema } from '../scripts/schema-sdl.js';
import { projectPath } from '../src/project-root.js';

const run = promisify(execFile);

/** The field the tests change: part of the public contract in DESIGN.md. */
const QUEUE_SDL = 'queue.graphql';
const NUMBER_FIELD = /(\n\s*)number: Int!/;

describe('schema check', () => {
  let dir: string;
  let schemaDir: string;
  let snapshotPath: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sepucuk-schema-check-'));
    schemaDir = path.join(dir, 'schema');
    snapshotPath = path.join(dir, 'schema.snapshot.graphql');
    await cp(projectPath('schema'), schemaDir, { recursive: true });
    await writeFile(snapshotPath, printSortedSchema(buildSdlSchema(schemaDir)));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function editQueueSdl(edit: (sdl: string) => string): Promise<void> {
    const file = path.join(schemaDir, QUEUE_SDL);
    const before = await readFile(file, 'utf8');
    const after = edit(before);
    expect(after, 'the edit must change the SDL').not.toBe(before);
    await writeFile(file, after);
  }

  it('passes on the committed snapshot and the SDL in schema/', async () => {
    const result = await checkSchema({ snapshotPath: SNAPSHOT_PATH });
    expect(result.snapshotExists).toBe(true);
    expect(formatReport(result)).not.toContain('breaking change(s) that were not declared');
    expect(result.breaking).toEqual([]);
  });

  it("fails when a field's type changes without deprecation, naming the field", async () => {
    await editQueueSdl((sdl) => sdl.replace(NUMBER_FIELD, '$1number: String!'));
    const result = await checkSchema({ schemaDir, snapshotPath });
    expect(result.breaking.map((change) => change.path)).toEqual(['Ticket.number']);
    const report = formatReport(result);
    expect(report).toContain("Field 'Ticket.number' changed type from 'Int!' to 'String!'");
    expect(report).toContain('@deprecated');
  });

  it('allows removing a field that the snapshot shows deprecated, and only then', async () => {
    await editQueueSdl((sdl) => sdl.replace(NUMBER_FIELD, '$1number: Int! @deprecated(reason: "Use `code`.")'));
    const deprecated = await checkSchema({ schemaDir, snapshotPath });
    expect(deprecated.breaking).toEqual([]);

    // Removing before the deprecation is in the snapshot is still a break...
    // The field goes with its description.
    const withoutField = (sdl: string) => sdl.replace(/(\n\s*"[^\n]*")?\n\s*number: Int! @deprecated\(reason: "Use `code`."\)/, '');
    const original = await readFile(snapshotPath, 'utf8');
    await editQueueSdl(withoutField);
    expect((await checkSchema({ schemaDir, snapshotPath })).breaking.map((change) => change.path)).toEqual(['Ticket.number']);

    // ...and declared once the snapshot has recorded it.
    await writeFile(snapshotPath, original.replace(/(\n\s*)number: Int!/, '$1number: Int! @deprecated(reason: "Use `code`.")'));
    const removed = await checkSchema({ schemaDir, snapshotPath });
    expect(removed.breaking).toEqual([]);
    expect(removed.dangerous.map((change) => change.path)).toContain('Ticket.number');
  });

  it('exits non-zero from the command line, and schema:snapshot refuses to record the break', async () => {
    await editQueueSdl((sdl) => sdl.replace(NUMBER_FIELD, '$1number: String!'));
    const args = ['tsx', 'scripts/schema-check.ts', '--schema-dir', schemaDir, '--snapshot', snapshotPath];
    const check = await run('npx', args, { cwd: projectPath() }).then(
      () => null,
      (error: { code: number; stdout: string }) => error,
    );
    expect(check?.code).toBe(1);
    expect(check?.stdout).toContain('Ticket.number');

    const before = await readFile(snapshotPath, 'utf8');
    const write = await run('npx', [...args, '--write'], { cwd: projectPath() }).then(
      () => null,
      (error: { code: number }) => error,
    );
    expect(write?.code).toBe(1);
    expect(await readFile(snapshotPath, 'utf8')).toBe(before);
  });
});
