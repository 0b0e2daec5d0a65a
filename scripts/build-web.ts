/**
 * Bundles the browser pages (the queue display board here; the API reference, landing page and GraphQL IDE through
 * build-docs.ts and build-ide.ts) from npm packages with esbuild into dist/web/, which the hub serves. No CDN:
 * everything a page needs comes from the hub. Run by `npm run build` and before the tests.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { projectPath } from '../src/project-root.js';
import { buildDocs } from './build-docs.js';
import { buildIde } from './build-ide.js';

export async function buildWeb(): Promise<void> {
  const outdir = projectPath('dist', 'web', 'board');
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: [projectPath('web', 'board', 'main.ts')],
    outfile: `${outdir}/board.js`,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
    // The board imports its persisted operation from examples/ as text.
    loader: { '.graphql': 'text' },
  });
  await copyFile(projectPath('web', 'board', 'board.css'), `${outdir}/board.css`);
  await copyFile(projectPath('web', 'board', 'index.html'), `${outdir}/index.html`);
  // The API reference with the landing page, and the embedded GraphQL IDE (each in its own module).
  await Promise.all([buildDocs(), buildIde()]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildWeb();
