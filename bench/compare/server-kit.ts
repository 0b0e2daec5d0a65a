/**
 * What the two reference servers of bench/compare share: listening on an ephemeral port and announcing it on stdout
 * (the benchmark reads the line), and `GET /__stats` with the SQL statements sent so far.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { statementCount } from './sql-counter.js';

export const STATS_PATH = '/__stats';

/** Serves `handler`, answering `GET /__stats` itself; prints `listening at <url>` once the port is open. */
export async function serve(name: string, handler: http.RequestListener): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === STATS_PATH) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ statements: statementCount() }));
      return;
    }
    handler(req, res);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${name} listening at http://127.0.0.1:${port}/graphql\n`);
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return server;
}

/** The environment variable `name`, or an exit naming it. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    process.stderr.write(`${name} must be set\n`);
    process.exit(1);
  }
  return value;
}
