/**
 * Browser pages the hub serves from the web build (`npm run build:web` -> dist/web/): the queue display board at
 * /board/<officeCode>. Only files named in the manifest below are served, so no request path reaches the file system.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { projectPath } from '../project-root.js';

const BOARD_DIR = projectPath('dist', 'web', 'board');

const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  '/board/assets/board.js': { file: 'board.js', type: 'text/javascript; charset=utf-8' },
  '/board/assets/board.js.map': { file: 'board.js.map', type: 'application/json; charset=utf-8' },
  '/board/assets/board.css': { file: 'board.css', type: 'text/css; charset=utf-8' },
};

/** Office codes as the catalog allows them; anything else is not a board URL. */
const BOARD_PAGE = /^\/board\/[A-Z0-9][A-Z0-9-]{2,47}\/?$/;

const PAGE_SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Serves the request if it is for a page or asset; returns false when the path is not ours. */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
  const asset = ASSETS[pathname];
  const page = asset === undefined && BOARD_PAGE.test(pathname);
  if (asset === undefined && !page) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return true;
  }
  let body: Buffer;
  try {
    body = await readFile(`${BOARD_DIR}/${asset?.file ?? 'index.html'}`);
  } catch {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('The board is not built; run npm run build.\n');
    return true;
  }
  res.writeHead(200, {
    'content-type': asset?.type ?? 'text/html; charset=utf-8',
    'content-length': body.length,
    // Asset names do not change between builds, so they are revalidated rather than cached for long.
    'cache-control': 'no-cache',
    ...PAGE_SECURITY_HEADERS,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
