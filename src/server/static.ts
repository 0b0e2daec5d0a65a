/**
 * Browser pages the hub serves from the web build (`npm run build:web` -> dist/web/):
 * - the queue display board at /board/<officeCode>;
 * - the API reference at /docs/, generated from the SDL's descriptions (scripts/build-docs.ts), in production too:
 *   it documents the contract clients are built against. Introspection is off in production as an abuse limit
 *   (DESIGN.md, beside depth and cost limits), not to keep the schema secret;
 * - developer pages, only while the hub answers introspection (development and tests by default): the landing page
 *   at / and the GraphQL IDE at /graphiql. Without introspection GraphiQL has no schema to work with, so in
 *   production /graphiql is not found and / redirects to the reference.
 * Only paths named in the tables below are served, so no request path reaches the file system.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { projectPath } from '../project-root.js';

const WEB_DIR = projectPath('dist', 'web');

export interface StaticOptions {
  /** Serve the landing page and the GraphQL IDE (the hub answers introspection). */
  developerPages: boolean;
}

/**
 * `strict` for pages of our own making. `ide` for GraphiQL: Monaco, its editor, adds <style> elements at run time
 * and runs its language services in workers, and GraphiQL's icon fonts are data: URLs. Neither policy allows any
 * origin other than the hub's own.
 */
type Policy = 'strict' | 'ide';

const POLICIES: Readonly<Record<Policy, string>> = {
  strict:
    "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
  ide: "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

interface StaticFile {
  /** Relative to dist/web/. */
  file: string;
  type: string;
  policy: Policy;
  /** Served only with `developerPages`. */
  developer?: true;
}

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

const FILES: Readonly<Record<string, StaticFile>> = {
  '/board/assets/board.js': { file: 'board/board.js', type: JS, policy: 'strict' },
  '/board/assets/board.js.map': { file: 'board/board.js.map', type: 'application/json; charset=utf-8', policy: 'strict' },
  '/board/assets/board.css': { file: 'board/board.css', type: CSS, policy: 'strict' },
  '/docs/': { file: 'docs/index.html', type: HTML, policy: 'strict' },
  '/docs/docs.css': { file: 'docs/docs.css', type: CSS, policy: 'strict' },
  '/': { file: 'home/index.html', type: HTML, policy: 'strict', developer: true },
  '/home.css': { file: 'home/home.css', type: CSS, policy: 'strict', developer: true },
  '/graphiql': { file: 'ide/index.html', type: HTML, policy: 'ide', developer: true },
  '/graphiql/assets/ide.js': { file: 'ide/ide.js', type: JS, policy: 'ide', developer: true },
  '/graphiql/assets/ide.css': { file: 'ide/ide.css', type: CSS, policy: 'ide', developer: true },
  '/graphiql/assets/page.css': { file: 'ide/page.css', type: CSS, policy: 'ide', developer: true },
  '/graphiql/assets/editor.worker.js': { file: 'ide/editor.worker.js', type: JS, policy: 'ide', developer: true },
  '/graphiql/assets/json.worker.js': { file: 'ide/json.worker.js', type: JS, policy: 'ide', developer: true },
  '/graphiql/assets/graphql.worker.js': { file: 'ide/graphql.worker.js', type: JS, policy: 'ide', developer: true },
};

const BOARD_PAGE_FILE: StaticFile = { file: 'board/index.html', type: HTML, policy: 'strict' };

/** Office codes as the catalog allows them; anything else is not a board URL. */
const BOARD_PAGE = /^\/board\/[A-Z0-9][A-Z0-9-]{2,47}\/?$/;

/** Where a path without its trailing slash (or, in production, the landing page) leads. */
function redirectOf(pathname: string, options: StaticOptions): string | undefined {
  if (pathname === '/docs') return '/docs/';
  if (pathname === '/' && !options.developerPages) return '/docs/';
  return undefined;
}

function fileOf(pathname: string, options: StaticOptions): StaticFile | undefined {
  const file = FILES[pathname] ?? (BOARD_PAGE.test(pathname) ? BOARD_PAGE_FILE : undefined);
  return file?.developer && !options.developerPages ? undefined : file;
}

/** Serves the request if it is for a page or asset; returns false when the path is not ours. */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string, options: StaticOptions): Promise<boolean> {
  const target = redirectOf(pathname, options) ?? fileOf(pathname, options);
  if (target === undefined) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return true;
  }
  if (typeof target === 'string') {
    res.writeHead(302, { location: target, 'cache-control': 'no-cache' }).end();
    return true;
  }
  return sendFile(req, res, target);
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: StaticFile): Promise<true> {
  let body: Buffer;
  try {
    body = await readFile(`${WEB_DIR}/${file.file}`);
  } catch {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('The web pages are not built; run npm run build.\n');
    return true;
  }
  res.writeHead(200, {
    'content-type': file.type,
    'content-length': body.length,
    // Asset names do not change between builds, so they are revalidated rather than cached for long.
    'cache-control': 'no-cache',
    'content-security-policy': POLICIES[file.policy],
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
