/**
 * Scaffolds the connector of one more agency source, registered and tested, from scripts/connector-template/:
 *
 *   npm run new:connector -- DISHUB [--name "Dinas Perhubungan"] [--short-name Dishub] [--description "..."] [--no-codegen]
 *
 * It writes the connector (connectors/<agency>/), its sandbox stand-in (sandbox/<agency>/), its tests (a connector
 * test, and its case in the shared contract suite) and a migration that adds the agency; it lists the connector in
 * connectors/added.ts and its contract case in test/connectors/added-cases.ts, adds the code to `AGENCY_CODES` and to
 * `enum AgencyCode`, and runs `npm run codegen`. docs/connectors.md walks through what it wrote.
 *
 * It refuses an agency that exists (in `AGENCY_CODES`, the schema enum, or as a directory), and it checks every place
 * it edits before it writes anything: either the whole scaffold is written, or nothing is.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** Upper-case letters only: the code becomes a GraphQL enum value, a directory, identifiers and a hub-code prefix. */
const AGENCY_CODE = /^[A-Z]{2,16}$/;

const USAGE = 'usage: npm run new:connector -- <AGENCY_CODE> [--name "Dinas Perhubungan"] [--short-name Dishub] [--description "..."] [--no-codegen]';

export interface ScaffoldOptions {
  /** The repository to scaffold in. */
  root: string;
  /** e.g. `DISHUB`. */
  code: string;
  /** The agency's full name, e.g. "Dinas Perhubungan". @default the code */
  name?: string;
  /** @default the code capitalised, e.g. `Dishub` */
  shortName?: string;
  /** The agency row's description (Indonesian, as the others'). @default "Unit layanan dan layanan <name>." */
  description?: string;
}

/** A file to create (it must not exist) or to replace (edited from what was read). */
interface PlannedWrite {
  path: string;
  text: string;
  create: boolean;
}

export class ScaffoldError extends Error {
  override name = 'ScaffoldError';
}

/** Plans every file the scaffold writes, without writing: throws a ScaffoldError for a bad code or an existing agency. */
export function planScaffold(options: ScaffoldOptions): PlannedWrite[] {
  const { root, code } = options;
  if (!AGENCY_CODE.test(code)) throw new ScaffoldError(`agency code "${code}" must be 2 to 16 upper-case letters A-Z, e.g. DISHUB`);
  const lower = code.toLowerCase();
  const pascal = code.charAt(0) + lower.slice(1);
  const name = options.name?.trim() || code;
  const shortName = options.shortName?.trim() || pascal;
  const description = options.description?.trim() || `Unit layanan dan layanan ${name}.`;
  const at = (...segments: string[]) => path.join(root, ...segments);

  const catalog = readText(at('src/domain/catalog.ts'));
  const codes = /export const AGENCY_CODES = \[([^\]]*)\] as const;/.exec(catalog);
  if (codes === null) throw new ScaffoldError('src/domain/catalog.ts: cannot find `export const AGENCY_CODES = [...] as const;`');
  if (new RegExp(`'${code}'`).test(codes[1] ?? '')) throw new ScaffoldError(`${code} is already an agency (AGENCY_CODES in src/domain/catalog.ts)`);
  const schema = readText(at('schema/common.graphql'));
  const agencyEnum = /(enum AgencyCode \{[^}]*)\n\}/.exec(schema);
  if (agencyEnum === null) throw new ScaffoldError('schema/common.graphql: cannot find `enum AgencyCode { ... }`');
  if (new RegExp(`^\\s*${code}\\s*$`, 'm').test(agencyEnum[1] ?? '')) throw new ScaffoldError(`${code} is already in enum AgencyCode (schema/common.graphql)`);
  for (const dir of [`connectors/${lower}`, `sandbox/${lower}`]) {
    if (existsSync(at(dir))) throw new ScaffoldError(`${dir} already exists: ${code} has been scaffolded before`);
  }

  const migrations = readText(at('src/db/migrations/index.ts'));
  const migrationName = `${nextMigrationNumber(migrations)}_agency_${lower}`;
  const placeholders: Record<string, string> = {
    CODE: code,
    code: lower,
    Code: pascal,
    NAME: name,
    SHORT_NAME: shortName,
    NAME_LITERAL: tsString(name),
    SHORT_NAME_LITERAL: tsString(shortName),
    DESCRIPTION_LITERAL: tsString(description),
  };
  const fileNames: Record<string, string> = { __code__: lower, __migration__: migrationName };

  const templateRoot = at('scripts/connector-template');
  const created: PlannedWrite[] = templateFiles(templateRoot).map((template) => {
    const relative = path.relative(templateRoot, template).replace(/\.tpl$/, '').replace(/__code__|__migration__/g, (key) => fileNames[key] ?? key);
    if (existsSync(at(relative))) throw new ScaffoldError(`${relative} already exists`);
    return { path: at(relative), text: render(readText(template), placeholders, relative), create: true };
  });

  const edited: PlannedWrite[] = [
    {
      path: at('src/domain/catalog.ts'),
      text: catalog.replace(codes[0], `export const AGENCY_CODES = [${(codes[1] ?? '').trim()}, '${code}'] as const;`),
      create: false,
    },
    {
      path: at('schema/common.graphql'),
      text: schema.replace(agencyEnum[0], `${agencyEnum[1]}\n  ${graphqlString(`${name}: its service units and services, from its own system.`)}\n  ${code}\n}`),
      create: false,
    },
    {
      path: at('src/db/migrations/index.ts'),
      text: appendToList(
        appendImport(migrations, `import * as agency${pascal} from './${migrationName}.js';`, 'src/db/migrations/index.ts'),
        'export const MIGRATIONS',
        `  { name: '${migrationName}', ...agency${pascal} },`,
        'src/db/migrations/index.ts',
      ),
      create: false,
    },
    {
      path: at('connectors/added.ts'),
      text: appendToList(
        appendImport(readText(at('connectors/added.ts')), `import { ${lower}Module } from './${lower}/module.js';`, 'connectors/added.ts'),
        'export const ADDED_CONNECTORS',
        `  ${lower}Module,`,
        'connectors/added.ts',
      ),
      create: false,
    },
    {
      path: at('test/connectors/added-cases.ts'),
      text: appendToList(
        appendImport(readText(at('test/connectors/added-cases.ts')), `import { ${lower}ContractCase } from './${lower}-contract.js';`, 'test/connectors/added-cases.ts'),
        'export const ADDED_CONTRACT_CASES',
        `  ${lower}ContractCase,`,
        'test/connectors/added-cases.ts',
      ),
      create: false,
    },
  ];
  return [...created, ...edited];
}

/** Writes the plan: new files are created exclusively (never overwriting), edited files replaced. */
export function writeScaffold(plan: readonly PlannedWrite[]): void {
  for (const write of plan) {
    mkdirSync(path.dirname(write.path), { recursive: true });
    writeFileSync(write.path, write.text, { flag: write.create ? 'wx' : 'w' });
  }
}

function readText(file: string): string {
  if (!existsSync(file)) throw new ScaffoldError(`${file} is missing: is this a Sepucuk checkout?`);
  return readFileSync(file, 'utf8');
}

function templateFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const file = path.join(dir, entry);
      return statSync(file).isDirectory() ? templateFiles(file) : entry.endsWith('.tpl') ? [file] : [];
    });
}

/** Replaces `{{KEY}}`; a placeholder without a value is a bug in the template, reported with the file. */
function render(template: string, values: Readonly<Record<string, string>>, file: string): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => {
    const value = values[key];
    if (value === undefined) throw new ScaffoldError(`template ${file}: unknown placeholder {{${key}}}`);
    return value;
  });
}

/** The number after the highest `NNNN_` migration the list imports, so that the new one runs last. */
function nextMigrationNumber(index: string): string {
  const numbers = [...index.matchAll(/from '\.\/(\d{4})_[\w-]+\.js'/g)].map((match) => Number(match[1]));
  return String(Math.max(0, ...numbers) + 1).padStart(4, '0');
}

/** Adds an import line after the file's last import. */
function appendImport(text: string, line: string, file: string): string {
  const imports = [...text.matchAll(/^import .*;$/gm)];
  const last = imports.at(-1);
  if (last === undefined || last.index === undefined) throw new ScaffoldError(`${file}: no import to add "${line}" after`);
  const end = last.index + last[0].length;
  return `${text.slice(0, end)}\n${line}${text.slice(end)}`;
}

/** Adds an entry as the last element of the array literal that `declaration` starts (which must end with `];`). */
function appendToList(text: string, declaration: string, entry: string, file: string): string {
  const start = text.indexOf(declaration);
  const end = start < 0 ? -1 : text.indexOf('\n];', start);
  if (end < 0) throw new ScaffoldError(`${file}: cannot find the list \`${declaration} ... = [ ... ];\``);
  return `${text.slice(0, end)}\n${entry}${text.slice(end)}`;
}

function tsString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', ' ')}'`;
}

function graphqlString(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', ' ')}"`;
}

function main(): void {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        'short-name': { type: 'string' },
        description: { type: 'string' },
        'no-codegen': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length !== 1) fail('give exactly one agency code');
  const code = positionals[0]!;
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

  let plan: PlannedWrite[];
  try {
    plan = planScaffold({
      root,
      code,
      ...(values.name === undefined ? {} : { name: values.name }),
      ...(values['short-name'] === undefined ? {} : { shortName: values['short-name'] }),
      ...(values.description === undefined ? {} : { description: values.description }),
    });
  } catch (error) {
    if (error instanceof ScaffoldError) fail(error.message);
    throw error;
  }
  writeScaffold(plan);
  for (const write of plan) console.log(`${write.create ? 'created' : 'updated'}  ${path.relative(root, write.path)}`);

  if (!values['no-codegen']) {
    console.log('running npm run codegen (src/generated/ follows the new enum value)');
    const codegen = spawnSync('npm', ['run', '--silent', 'codegen'], { cwd: root, stdio: 'inherit' });
    if (codegen.status !== 0) fail('the files are written, but `npm run codegen` failed: fix what it says and run it again');
  }
  const lower = code.toLowerCase();
  console.log(`
${code} is scaffolded and registered. Next:
  npx vitest run test/connectors/${lower}.test.ts test/connectors/contract.test.ts
  npm run dev        # ${code}_URL unset: the hub serves ${code} from its sandbox stand-in
Then make it real (docs/connectors.md): the system's own payloads in connectors/${lower}/payloads.ts, its quirks in
sandbox/${lower}/, ${code}_URL and ${code}_TOKEN in the README's configuration table, and \`npm run schema:snapshot\`
when you commit the new enum value.`);
}

function fail(message: string): never {
  console.error(`new:connector: ${message}\n${USAGE}`);
  process.exit(1);
}

// Run as a script, not when imported (the test plans scaffolds without writing them).
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
