/**
 * `npm run new:connector` (scripts/new-connector.ts) in a copy of the repository: the scaffolded connector compiles,
 * is registered, and passes its own test and its case of the shared contract suite. The copy leaves out the history,
 * node_modules (a symlink to ours) and build and run-time output, as a clean checkout would.
 *
 * Only the new connector's tests run in the copy (the four built-in connectors' are this repository's own tests):
 * that keeps this file to about a minute on a busy machine.
 *
 * The code scaffolded is DISHUB, or the first of a few others when DISHUB exists already (CI runs this suite in a copy
 * that has DISHUB scaffolded: there it adds a second connector beside the first).
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planScaffold, ScaffoldError } from '../scripts/new-connector.js';
import { AGENCY_CODES } from '../src/domain/catalog.js';
import { projectRoot } from '../src/project-root.js';

const CANDIDATES = ['DISHUB', 'DISPORA', 'DISPAR'];
const code = CANDIDATES.find((candidate) => !(AGENCY_CODES as readonly string[]).includes(candidate));
const lower = code?.toLowerCase() ?? '';

/** Not copied: installed, built or run-time output, and the history. */
const LEFT_OUT = new Set(['node_modules', '.git', 'dist', '.data', 'coverage', 'test-results']);

interface Run {
  code: number;
  output: string;
}

/** Runs a command in the copy; never rejects, so that a failure's output can be shown in the assertion. */
function run(cwd: string, command: string, args: readonly string[], timeoutMs: number): Promise<Run> {
  // The copy's vitest must not think it is a worker of this one.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...env, NO_COLOR: '1' }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const exit = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code: exit, output: `${stdout}${stderr}${error?.killed === true ? `\n(killed after ${timeoutMs} ms)` : ''}` });
    });
  });
}

describe('npm run new:connector: validation', () => {
  it('refuses a code that is not 2 to 16 upper-case letters, before reading anything', () => {
    for (const bad of ['dishub', 'DIS-HUB', 'DISHUB2', 'D', '']) {
      expect(() => planScaffold({ root: projectRoot, code: bad }), bad).toThrow(ScaffoldError);
    }
  });

  it('refuses an agency that exists', () => {
    expect(() => planScaffold({ root: projectRoot, code: 'BKD' })).toThrow(/already an agency/);
  });
});

describe.skipIf(code === undefined)(`npm run new:connector -- ${code ?? '(none left)'}, in a copy of the repository`, () => {
  let copy: string;
  let scaffold: Run;

  beforeAll(async () => {
    copy = await mkdtemp(path.join(tmpdir(), 'sepucuk-new-connector-'));
    await cp(projectRoot, copy, { recursive: true, filter: (source) => !LEFT_OUT.has(path.basename(source)) || path.dirname(source) !== projectRoot });
    await symlink(realpathSync(path.join(projectRoot, 'node_modules')), path.join(copy, 'node_modules'), 'dir');
    scaffold = await run(copy, path.join(copy, 'node_modules/.bin/tsx'), ['scripts/new-connector.ts', code!, '--name', 'Dinas Contoh'], 120_000);
  }, 180_000);

  afterAll(async () => {
    if (copy !== undefined) await rm(copy, { recursive: true, force: true });
  });

  it('writes the connector, its stand-in, its tests and its migration, and registers it everywhere', async () => {
    expect(scaffold.code, scaffold.output).toBe(0);
    for (const file of [`connectors/${lower}/index.ts`, `connectors/${lower}/module.ts`, `sandbox/${lower}/stand-in.ts`, `test/connectors/${lower}.test.ts`]) {
      expect(scaffold.output).toContain(`created  ${file}`);
    }
    expect(await readFile(path.join(copy, 'connectors/added.ts'), 'utf8')).toContain(`${lower}Module,`);
    expect(await readFile(path.join(copy, 'test/connectors/added-cases.ts'), 'utf8')).toContain(`${lower}ContractCase,`);
    expect(await readFile(path.join(copy, 'src/domain/catalog.ts'), 'utf8')).toMatch(new RegExp(`AGENCY_CODES = \\[[^\\]]*'${code}'\\] as const`));
    expect(await readFile(path.join(copy, 'schema/common.graphql'), 'utf8')).toMatch(new RegExp(`enum AgencyCode \\{[^}]*\\n  ${code}\\n\\}`));
    expect(await readFile(path.join(copy, 'src/generated/graphql.ts'), 'utf8')).toContain(`'${code}'`);
    expect(await readFile(path.join(copy, 'src/db/migrations/index.ts'), 'utf8')).toMatch(new RegExp(`_agency_${lower}', \\.\\.\\.agency`));
  });

  it('refuses to scaffold the same agency twice, changing nothing', async () => {
    const before = await readFile(path.join(copy, 'connectors/added.ts'), 'utf8');
    const again = await run(copy, path.join(copy, 'node_modules/.bin/tsx'), ['scripts/new-connector.ts', code!, '--no-codegen'], 60_000);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/already an agency/);
    expect(await readFile(path.join(copy, 'connectors/added.ts'), 'utf8')).toBe(before);
  });

  it('type checks', async () => {
    const tsc = await run(copy, path.join(copy, 'node_modules/.bin/tsc'), ['--noEmit', '-p', '.'], 300_000);
    expect(tsc.code, tsc.output).toBe(0);
  }, 320_000);

  it('passes its own test and the shared contract suite, its case included', async () => {
    const report = path.join(copy, 'connector-tests.json');
    const vitest = await run(
      copy,
      path.join(copy, 'node_modules/.bin/vitest'),
      ['run', 'test/connectors/contract.test.ts', `test/connectors/${lower}.test.ts`, `--testNamePattern=${code}`, '--reporter=dot', '--reporter=json', `--outputFile.json=${report}`],
      400_000,
    );
    expect(vitest.code, vitest.output).toBe(0);
    const results = JSON.parse(await readFile(report, 'utf8')) as { testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[] };
    const passed = results.testResults.flatMap((file) => file.assertionResults).filter((test) => test.status === 'passed').map((test) => test.fullName);
    // The contract suite names each case by agency ("the 'DISHUB' connector ..."); all its tests ran for the new one.
    expect(passed.filter((name) => name.startsWith(`the '${code}' connector`)).length).toBeGreaterThanOrEqual(6);
    expect(results.testResults.some((file) => file.name.endsWith(`test/connectors/${lower}.test.ts`))).toBe(true);
  }, 420_000);
});
