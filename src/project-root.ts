/**
 * The repository root, found from this module's location, so that runtime files (schema/, static pages) are found
 * the same way from TypeScript sources (`src/`) and from the build (`dist/src/`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'schema'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the Sepucuk project root (a directory with package.json and schema/)');
    dir = parent;
  }
}

export const projectRoot: string = findRoot();

export const projectPath = (...segments: string[]): string => path.join(projectRoot, ...segments);
