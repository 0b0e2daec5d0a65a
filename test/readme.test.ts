/**
 * The README is the first thing a developer or an operator reads, so the parts of it that can drift from the code
 * are checked here: the Quick start is exactly the two commands a fresh machine needs, and the configuration table
 * names every environment variable the hub reads.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/project-root.js';

const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');

/** The text of a `## heading` section, up to the next `## ` heading. */
function section(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${heading}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

function typescriptFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : typescriptFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Every variable the hub reads: `readX(env, 'NAME' ...)` and `env['NAME']`/`env.NAME` in src/ and connectors/. */
function variablesTheHubReads(): string[] {
  const names = new Set<string>();
  const patterns = [/\(\s*env,\s*'([A-Z][A-Z0-9_]+)'/g, /\benv\[\s*'([A-Z][A-Z0-9_]+)'\s*\]/g, /\benv\.([A-Z][A-Z0-9_]+)\b/g];
  for (const file of [...typescriptFiles(join(projectRoot, 'src')), ...typescriptFiles(join(projectRoot, 'connectors'))]) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of patterns) for (const match of text.matchAll(pattern)) names.add(match[1] as string);
  }
  return [...names].sort();
}

describe('README.md', () => {
  it('starts with a Quick start of exactly two commands: install and start, and test', () => {
    const block = /```sh\n([\s\S]*?)```/.exec(section('Quick start'))?.[1] ?? '';
    const commands = block
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter((line) => line !== '');
    expect(commands).toEqual(['npm ci && npm start', 'npm test']);
    expect(readme.indexOf('\n## '), 'Quick start is the first section').toBe(readme.indexOf('\n## Quick start\n'));
  });

  it('lists every environment variable the hub reads in its configuration table', () => {
    const table = section('Configuration');
    const variables = variablesTheHubReads();
    expect(variables.length).toBeGreaterThan(40);
    const missing = variables.filter((name) => !table.includes(`\`${name}\``));
    expect(missing, 'variables read by the hub but not in the README configuration table').toEqual([]);
  });
});
