/**
 * Bundles the embedded GraphQL IDE (web/ide: GraphiQL, React, Monaco) with esbuild into dist/web/ide/, with the
 * three Monaco workers as separate classic scripts. File names carry no hash, so the hub serves them from a fixed
 * list (src/server/static.ts). Run by `npm run build` (through scripts/build-web.ts) and before the tests.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { projectPath } from '../src/project-root.js';

export const IDE_OUT_DIR = projectPath('dist', 'web', 'ide');

const WORKERS: Readonly<Record<string, string>> = {
  'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
  'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
  'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
};

const COMMON: BuildOptions = {
  bundle: true,
  platform: 'browser',
  target: ['es2020'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
};

export async function buildIde(): Promise<void> {
  await mkdir(IDE_OUT_DIR, { recursive: true });
  await Promise.all([
    build({
      ...COMMON,
      entryPoints: { ide: projectPath('web', 'ide', 'main.ts') },
      outdir: IDE_OUT_DIR,
      // No code splitting: GraphiQL's dynamic imports (Monaco, prettier) land in ide.js, so the set of files is fixed.
      format: 'esm',
      // Third-party code only (and large): a source map would be several times the bundle for little use.
      sourcemap: false,
      // Fonts that are not already data: URLs in the CSS are inlined too, so no font request leaves the page.
      loader: { '.ttf': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl' },
    }),
    build({
      ...COMMON,
      entryPoints: { ...WORKERS },
      outdir: IDE_OUT_DIR,
      // Classic workers (`new Worker(url)`), which every browser runs.
      format: 'iife',
    }),
    copyFile(projectPath('web', 'ide', 'index.html'), `${IDE_OUT_DIR}/index.html`),
    copyFile(projectPath('web', 'ide', 'page.css'), `${IDE_OUT_DIR}/page.css`),
  ]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildIde();
