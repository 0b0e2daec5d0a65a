/**
 * The audit log becomes several hash chains, and appending one SQL function, `audit_append(entries jsonb)`: it locks
 * the head of the calling connection's chain, hashes each entry, inserts the rows and moves the head, all within the
 * calling statement.
 *
 * Why: a chain head's row lock serialises the audited changes appended to it until their transactions commit. With
 * one chain and the hashing in the hub, every audited change in the province waited for the one before it, across
 * two more round trips (the insert, then the commit), each slow when the hub is busy; under a morning rush of
 * takeTicket that, not PostgreSQL, set the pace. Now a change written as one statement (takeTicket) appends in that
 * statement, and writers on different connections append to different chains ({@link AUDIT_CHAINS}, chosen by the
 * backend's process id): they wait for each other only when they share one. Each chain is verified as before: an
 * edited row, a deleted row and rows cut off a chain's end are found. Rows written before this migration are chain 1.
 *
 * The hub still writes each entry's canonical form (src/audit/chain.ts) but for the two parts it cannot know before it
 * holds the head: the previous hash and the time. The function puts those in front (canonicalHead) and hashes; so
 * the form has one implementation, and the verifier (src/audit/verify.ts) reads back the stored columns: an entry
 * whose columns and canonical text disagreed would be reported as edited. Rows written before this migration keep
 * their hashes.
 */
import type { Knex } from 'knex';
import { AUDIT_CHAINS, CANONICAL_NOW_SQL, CHAIN_VERSION, GENESIS_HASH } from '../../audit/chain.js';
import { runStatements } from './run-statements.js';

/** What AuditStore sends per entry (src/store/audit.ts auditEntriesJson), as columns. */
const ENTRY_COLUMNS = `actor text, role text, agency_code text, operation text, action text, subject text, related_ids text[],
  fields text[], outcome text, client_address text, request_id text, canonical_tail text`;

export async function up(knex: Knex): Promise<void> {
  await runStatements(knex, [
    `alter table audit_log add column chain smallint not null default 1 check (chain between 1 and ${AUDIT_CHAINS})`,
    `alter table audit_log alter column chain drop default`,
    `create index audit_log_chain_idx on audit_log (chain, id)`,
    `alter table audit_chain_head drop constraint audit_chain_head_id_check`,
    `alter table audit_chain_head add constraint audit_chain_head_id_check check (id between 1 and ${AUDIT_CHAINS})`,
    `insert into audit_chain_head (id, last_id, last_hash, length)
     select chain, null, '${GENESIS_HASH}', 0 from generate_series(2, ${AUDIT_CHAINS}) as chain`,
    `create function audit_append(entries jsonb) returns bigint language plpgsql as $$
     declare
       chain_id smallint := 1 + pg_backend_pid() % ${AUDIT_CHAINS};
       head_hash text;
       at_text text;
       entry record;
       row_hash text;
       appended_id bigint;
       appended int := 0;
     begin
       if jsonb_array_length(entries) = 0 then
         return null;
       end if;
       select last_hash, ${CANONICAL_NOW_SQL} into head_hash, at_text from audit_chain_head where id = chain_id for update;
       if not found then
         raise exception 'audit_chain_head has no row %: was it deleted?', chain_id;
       end if;
       for entry in
         select e.* from rows from (jsonb_to_recordset(entries) as (${ENTRY_COLUMNS})) with ordinality as e order by e.ordinality
       loop
         -- canonicalHead(prev_hash, at) of src/audit/chain.ts: both are plain ASCII, which JSON quotes as they are.
         row_hash := encode(sha256(convert_to('[${JSON.stringify(CHAIN_VERSION)},"' || head_hash || '","' || at_text || '",' || entry.canonical_tail, 'UTF8')), 'hex');
         insert into audit_log (chain, at, actor, role, agency_code, operation, action, subject, related_ids, fields, outcome,
                                client_address, request_id, prev_hash, hash)
         values (chain_id, now(), entry.actor, entry.role, entry.agency_code, entry.operation, entry.action, entry.subject,
                 entry.related_ids, entry.fields, entry.outcome, entry.client_address, entry.request_id, head_hash, row_hash)
         returning id into appended_id;
         head_hash := row_hash;
         appended := appended + 1;
       end loop;
       update audit_chain_head set last_hash = head_hash, last_id = appended_id, length = length + appended where id = chain_id;
       return appended_id;
     end
     $$`,
  ]);
}

/** Undoable while chains 2 and up are empty: their rows cannot be put back into one chain. */
export async function down(knex: Knex): Promise<void> {
  const others: { rows: { n: number }[] } = await knex.raw('select count(*)::int as n from audit_log where chain > 1');
  if ((others.rows[0]?.n ?? 0) > 0) throw new Error(`0009_audit_chains cannot be undone: ${others.rows[0]?.n} audit rows are in chains 2..${AUDIT_CHAINS}`);
  await runStatements(knex, [
    `drop function audit_append(jsonb)`,
    `alter table audit_chain_head disable trigger audit_chain_head_keep`,
    `delete from audit_chain_head where id > 1`,
    `alter table audit_chain_head enable trigger audit_chain_head_keep`,
    `alter table audit_chain_head drop constraint audit_chain_head_id_check`,
    `alter table audit_chain_head add constraint audit_chain_head_id_check check (id = 1)`,
    `drop index audit_log_chain_idx`,
    `alter table audit_log drop column chain`,
  ]);
}
