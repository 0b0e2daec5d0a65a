/**
 * Bundles the browser pages (the queue display board) from npm packages with esbuild into dist/web/, which the hub
 * serves. No CDN: everything a page needs comes from the hub. Run by `npm run build` and before the tests.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { projectPath } from '../src/project-root.js';

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
    // The board imports its persisted operation from operations/ as text.
    loader: { '.graphql': 'text' },
  });
  await copyFile(projectPath('web', 'board', 'board.css'), `${outdir}/board.css`);
  await copyFile(projectPath('web', 'board', 'index.html'), `${outdir}/index.html`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildWeb();
