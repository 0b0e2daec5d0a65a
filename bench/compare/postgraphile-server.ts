/**
 * PostGraphile v5 (amber preset, grafserv's node:http adapter) over the hub's tables, for bench/compare. Q1's per-service
 * figures and X's relations that are not foreign keys are computed columns, as a PostGraphile user would write them:
 * SQL functions whose first argument is the row, created here before the schema is introspected. They aggregate the
 * tickets and survey responses on the fly (PostGraphile knows nothing of the hub's rollups).
 *
 * PostGraphile 5 declares Node >= 22; on Node 20 it needs `Promise.withResolvers`, hence:
 *   DATABASE_URL=... node --import tsx --import ./bench/compare/promise-with-resolvers.ts bench/compare/postgraphile-server.ts
 * (started that way by bench/compare/index.ts).
 */
import http from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { countStatements } from './sql-counter.js';
import { requiredEnv, serve } from './server-kit.js';

countStatements();

const answers = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `sum(r.u${n})`).join(' + ');

/** The computed columns (all in `public`, beside their tables, as PostGraphile expects). */
const FUNCTIONS = [
  `drop function if exists service_waiting_today(service), service_satisfaction(service, date, date), agency_offices(agency), office_services(office)`,
  `drop type if exists service_satisfaction_summary`,
  `create type service_satisfaction_summary as (responses integer, ikm double precision)`,
  `comment on type service_satisfaction_summary is E'@notNull responses'`,
  // Tickets waiting today (Asia/Jakarta) at every office offering the service.
  `create function service_waiting_today(s service) returns integer language sql stable as $$
     select count(*)::int from ticket t where t.service_code = s.code and t.status = 'WAITING' and t.service_day = (now() at time zone 'Asia/Jakarta')::date
   $$`,
  // IKM over a period: the nine element means / 9 x 25, two decimals (the hub's formula).
  `create function service_satisfaction(s service, "from" date, "to" date) returns service_satisfaction_summary language sql stable as $$
     select count(*)::int, round((${answers}) * 25.0 / nullif(9 * count(*), 0), 2)::float8
     from survey_response r where r.service_code = s.code and r.service_day between "from" and "to"
   $$`,
  // The offices an agency serves in: those it runs and those offering any of its services (the hub's definition).
  `create function agency_offices(a agency) returns setof office language sql stable as $$
     select o.* from office o
     where o.code in (select os.office_code from office_service os join service s on s.code = os.service_code where s.agency_code = a.code
                      union select code from office where agency_code = a.code)
     order by o.name, o.code
   $$`,
  `create function office_services(o office) returns setof service language sql stable as $$
     select s.* from office_service os join service s on s.code = os.service_code where os.office_code = o.code order by os.ticket_prefix
   $$`,
];

const connectionString = requiredEnv('DATABASE_URL');
const setup = new pg.Client({ connectionString });
await setup.connect();
try {
  for (const sql of FUNCTIONS) await setup.query(sql);
} finally {
  await setup.end();
}

const preset: GraphileConfig.Preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString, schemas: ['public'], poolConfig: { max: Number(process.env['POOL_MAX'] ?? 10) } })],
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: { explain: false },
};

const instance = postgraphile(preset);
await instance.getSchema();
const serv = instance.createServ(grafserv);
// The handler alone (not serv.addTo): the bench's /__stats route sits in front of it; no websockets are needed.
const handler = serv.createHandler();
await serve('postgraphile', (req: http.IncomingMessage, res: http.ServerResponse) => handler(req, res));
