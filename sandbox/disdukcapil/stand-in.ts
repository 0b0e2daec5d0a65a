/**
 * The Disdukcapil stand-in: the civil registry's own PostgreSQL database, as the hub's read-only role meets it.
 *
 * An in-memory PGlite holds the agency's schema (./schema.sql.ts) filled from the demo world; PGlite's socket server
 * speaks the PostgreSQL wire protocol on an ephemeral port, and a TCP fault proxy in front of it is what `url` points
 * at: `postgres://siak_reader:<password>@127.0.0.1:<proxy port>/postgres`. A connector talks to it with `pg` exactly
 * as to the agency's server.
 *
 * Choices where DESIGN.md is silent (following how such agency databases are run):
 * - The reader sees integration views (`layanan`, `upt`, `upt_layanan`) and the function `verifikasi_penduduk` in
 *   `public`; the tables, `penduduk` among them, are in schema `siak`, out of its reach. Writes fail (permission
 *   denied, read-only transaction, or a view that cannot be written).
 * - The tables carry history: a retired service (KTP-NON-EL) and a closed office (PASAR-JAMBI) with `aktif = false`,
 *   both still linked in `upt_layanan`.
 * - `persyaratan` and `prosedur` are jsonb arrays of strings; `biaya` is 0 (UU 24/2013 art. 79A); `kode_wilayah` is
 *   the 4-digit Kemendagri regency code as char(4).
 * - The proxy authenticates the reader itself with a cleartext password (real servers ask for SCRAM; clients answer
 *   either), because PGlite's socket server accepts anyone. PGlite ignores start-up parameters such as
 *   `statement_timeout`, and runs every connection in its one session, as the role set after loading (see
 *   BECOME_READER_SQL).
 *
 * Faults (`setFaults`):
 * - `fail`: every read of the reader's objects raises SQLSTATE 40001 "canceling statement due to conflict with
 *   recovery", as a read replica does; `malformed`: `layanan` and `upt` show a row that breaks their contract (a null
 *   name, `persyaratan` a string, a negative fee, a non-numeric region) and `verifikasi_penduduk` answers a null
 *   `nik_ditemukan`. `pathPrefix` narrows these two to the objects whose name starts with it (e.g. "verifikasi").
 * - `deny`: every start-up is answered with FATAL 28P01 "password authentication failed for user ..." and open
 *   sessions are ended (as after a password change that terminates the role's sessions).
 * - `down`: the proxy refuses connections (ECONNREFUSED) and resets open ones (ECONNRESET); latency: the client's
 *   bytes reach the database `latencyMs` later. These two and `deny` apply to whole connections: `pathPrefix` is
 *   ignored for them.
 *
 * `calls` counts the statements the proxy passes on (each simple Query and each Parse), with their SQL, whitespace
 * collapsed, as the path.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { CallLog, NO_FAULTS, type Faults, type StandInControl } from '../kit/faults.js';
import { startTcpFaultProxy, type TcpFaultProxy } from '../kit/tcp-fault-proxy.js';
import type { World } from '../world/types.js';
import { registryTables, type RegistryTables } from './rows.js';
import { BECOME_READER_SQL, READER_ROLE, SCHEMA_SQL, setObjectModeSql } from './schema.sql.js';
import { passwordHandshake, statementReader } from './wire.js';

export interface DisdukcapilStandInOptions {
  world: World;
  /** The reader role's password. @default DEFAULT_DISDUKCAPIL_PASSWORD */
  password?: string;
  /** Connections PGlite's socket server accepts at once (each hub instance's pool takes up to 4). @default 10 */
  maxConnections?: number;
}

export interface DisdukcapilStandIn extends StandInControl {
  /** The role in `url`. */
  readonly user: string;
  readonly password: string;
  /** The proxy's port, the one in `url`. */
  readonly port: number;
}

export const DEFAULT_DISDUKCAPIL_PASSWORD = 'sandbox-siak-reader';

const HOST = '127.0.0.1';

export async function startDisdukcapilStandIn(options: DisdukcapilStandInOptions): Promise<DisdukcapilStandIn> {
  const password = options.password ?? DEFAULT_DISDUKCAPIL_PASSWORD;
  const db = await PGlite.create();
  let server: PGLiteSocketServer | null = null;
  let proxy: TcpFaultProxy | null = null;
  let faults: Faults = NO_FAULTS;
  const calls = new CallLog();
  try {
    await db.exec(SCHEMA_SQL);
    await load(db, registryTables(options.world));
    await db.exec(BECOME_READER_SQL);
    server = new PGLiteSocketServer({ db, host: HOST, port: 0, maxConnections: options.maxConnections ?? 10 });
    await server.start();
    proxy = await startTcpFaultProxy({
      target: { host: HOST, port: portOf(server.getServerConn()) },
      host: HOST,
      handshake: passwordHandshake({ user: READER_ROLE, password, refusing: () => faults.mode === 'deny' }),
      tap: () => statementReader((sql) => calls.record(sql.replace(/\s+/g, ' ').trim())),
    });
  } catch (error) {
    await proxy?.close();
    await server?.stop();
    await db.close();
    throw error;
  }
  const running = { db, server, proxy };

  // Fault changes run one after another, so that the SQL switch and the proxy always end in the last one asked for.
  let changes: Promise<void> = Promise.resolve();
  let stopping: Promise<void> | null = null;

  async function apply(next: Partial<Faults>): Promise<void> {
    if (stopping !== null) return;
    const previous = faults;
    faults = { ...faults, ...next };
    running.proxy.setLatencyMs(faults.latencyMs);
    await running.db.exec(setObjectModeSql(faults.mode, faults.pathPrefix));
    await running.proxy.setDown(faults.mode === 'down');
    if (faults.mode === 'deny' && previous.mode !== 'deny') running.proxy.closeConnections();
  }

  function setFaults(next: Partial<Faults>): Promise<void> {
    const change = changes.then(() => apply(next));
    changes = change.catch(() => undefined);
    return change;
  }

  return {
    url: `postgres://${READER_ROLE}:${encodeURIComponent(password)}@${HOST}:${running.proxy.port}/postgres`,
    user: READER_ROLE,
    password,
    port: running.proxy.port,
    calls,
    faults: () => faults,
    setFaults,
    clearFaults: () => setFaults(NO_FAULTS),
    stop() {
      stopping ??= changes.then(async () => {
        await running.proxy.close();
        await running.server.stop();
        await running.db.close();
      });
      return stopping;
    },
  };
}

/** Fills the tables, one statement per table (the world has thousands of residents). */
async function load(db: PGlite, tables: RegistryTables): Promise<void> {
  await db.query(
    `insert into siak.layanan (kode_layanan, nama_layanan, deskripsi, persyaratan, prosedur, waktu_penyelesaian, biaya, dasar_hukum, aktif)
     select * from jsonb_to_recordset($1::jsonb) as r(kode_layanan text, nama_layanan text, deskripsi text, persyaratan jsonb,
       prosedur jsonb, waktu_penyelesaian text, biaya integer, dasar_hukum text, aktif boolean)`,
    [JSON.stringify(tables.layanan)],
  );
  await db.query(
    `insert into siak.upt (kode_upt, nama_upt, alamat, kode_wilayah, aktif)
     select * from jsonb_to_recordset($1::jsonb) as r(kode_upt text, nama_upt text, alamat text, kode_wilayah text, aktif boolean)`,
    [JSON.stringify(tables.upt)],
  );
  await db.query(
    `insert into siak.upt_layanan (kode_upt, kode_layanan)
     select * from jsonb_to_recordset($1::jsonb) as r(kode_upt text, kode_layanan text)`,
    [JSON.stringify(tables.uptLayanan)],
  );
  await db.query(
    `insert into siak.penduduk (nik, nama_lengkap, tempat_lahir, tanggal_lahir, jenis_kelamin, alamat, kode_wilayah)
     select * from jsonb_to_recordset($1::jsonb) as r(nik text, nama_lengkap text, tempat_lahir text, tanggal_lahir date,
       jenis_kelamin text, alamat text, kode_wilayah text)`,
    [JSON.stringify(tables.penduduk)],
  );
}

/** The port of PGLiteSocketServer's "host:port". */
function portOf(connection: string): number {
  const port = Number(connection.slice(connection.lastIndexOf(':') + 1));
  if (!Number.isInteger(port) || port <= 0) throw new Error(`PGlite socket server reports no port (${connection})`);
  return port;
}
