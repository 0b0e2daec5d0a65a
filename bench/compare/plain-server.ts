/**
 * The practical limit of bench/compare: node:http and pg, one SQL statement per request that builds the whole JSON
 * answer in PostgreSQL (in the hub's response shape), no GraphQL. The request body is read and parsed as the others'
 * are; `operationName` picks the statement (Q0, Q1, X) and `variables` fill it. Q1 aggregates tickets and survey
 * responses on the fly, as a plain-SQL dashboard would.
 *
 *   DATABASE_URL=... node --import tsx bench/compare/plain-server.ts   (started by bench/compare/index.ts)
 */
import pg from 'pg';
import { countStatements } from './sql-counter.js';
import { requiredEnv, serve } from './server-kit.js';

countStatements();

const today = `(now() at time zone 'Asia/Jakarta')::date`;
const answers = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `sum(r.u${n})`).join(' + ');

const STATEMENTS = {
  Q0: {
    sql: `select json_build_object('data', json_build_object('services', json_build_object('edges', coalesce(json_agg(
            json_build_object('node', json_build_object('code', s.code, 'name', s.name, 'agency', json_build_object('name', a.name)))
            order by s.name, s.code), '[]'))))::text as body
          from (select code, name, agency_code from service order by name, code limit $1) s
          join agency a on a.code = s.agency_code`,
    params: (v: Variables) => [v.first],
  },
  Q1: {
    // IKM = sum of the nine element means / 9 x 25, rounded to two decimals: the hub's formula on exact sums.
    sql: `select json_build_object('data', json_build_object('services', json_build_object('edges', coalesce(json_agg(
            json_build_object('node', json_build_object('code', s.code, 'name', s.name, 'agency', json_build_object('name', a.name),
              'waitingToday', w.waiting, 'satisfaction', json_build_object('responses', r.responses, 'ikm', r.ikm)))
            order by s.name, s.code), '[]'))))::text as body
          from (select code, name, agency_code from service order by name, code limit $1) s
          join agency a on a.code = s.agency_code
          cross join lateral (select count(*)::int as waiting from ticket t
                              where t.service_code = s.code and t.service_day = ${today} and t.status = 'WAITING') w
          cross join lateral (select count(*)::int as responses, round((${answers}) * 25.0 / nullif(9 * count(*), 0), 2)::float8 as ikm
                              from survey_response r where r.service_code = s.code and r.service_day between $2::date and $3::date) r`,
    params: (v: Variables) => [v.first, v.from, v.to],
  },
  X: {
    // An agency serves in the offices it runs and in those offering any of its services (the hub's definition).
    sql: `select json_build_object('data', json_build_object('agencies', coalesce(json_agg(json_build_object('code', a.code, 'name', a.name,
            'offices', (select coalesce(json_agg(json_build_object('code', o.code, 'name', o.name,
                'services', (select coalesce(json_agg(json_build_object('code', s.code, 'name', s.name) order by os.ticket_prefix), '[]')
                             from office_service os join service s on s.code = os.service_code where os.office_code = o.code))
                order by o.name, o.code), '[]')
              from office o
              where o.code in (select os.office_code from office_service os join service s on s.code = os.service_code where s.agency_code = a.code
                               union select code from office where agency_code = a.code)))
            order by a.code), '[]')))::text as body
          from agency a`,
    params: () => [],
  },
} as const;

interface Variables {
  first?: number;
  from?: string;
  to?: string;
}

const pool = new pg.Pool({ connectionString: requiredEnv('DATABASE_URL'), max: Number(process.env['POOL_MAX'] ?? 10) });

await serve('plain', (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let statement: (typeof STATEMENTS)[keyof typeof STATEMENTS];
    let variables: Variables;
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { operationName?: string; variables?: Variables };
      const name = body.operationName;
      if (name !== 'Q0' && name !== 'Q1' && name !== 'X') throw new Error(`unknown operation ${String(name)}`);
      statement = STATEMENTS[name];
      variables = body.variables ?? {};
    } catch (error) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: error instanceof Error ? error.message : String(error) }] }));
      return;
    }
    pool.query<{ body: string }>(statement.sql, statement.params(variables)).then(
      (result) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(result.rows[0]?.body ?? '{"data":null}');
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: error instanceof Error ? error.message : String(error) }] }));
      },
    );
  });
});
