/**
 * The audit log becomes a hash chain (src/audit/chain.ts) and append-only:
 * - `related_ids` and `fields` join the columns (the other subjects an action touched; the field and argument paths);
 * - `prev_hash` and `hash` link every row to the one before it; rows written before this migration (by 0002..0004's
 *   code) are hashed here, in id order, from the genesis hash;
 * - `audit_chain_head` holds the end of the chain (last id, last hash, length). Appends lock its one row, so that
 *   concurrent writers form one chain, and the verifier compares it with the last row, so that rows cut off the end
 *   are noticed;
 * - triggers refuse UPDATE, DELETE and TRUNCATE on audit_log, and DELETE and TRUNCATE on the head. Whoever disables
 *   them (the table owner or a superuser) can change rows, and `npm run audit:verify` then names the first bad one.
 */
import type { Knex } from 'knex';
import { CHAIN_ROW_COLUMNS, GENESIS_HASH, contentOf, rowHash, type ChainRow } from '../../audit/chain.js';
import { runStatements } from './run-statements.js';

/** Existing rows are read and hashed this many at a time. */
const BATCH = 1_000;

export async function up(knex: Knex): Promise<void> {
  await runStatements(knex, [
    `alter table audit_log
       add column related_ids text[] not null default '{}',
       add column fields      text[] not null default '{}',
       add column prev_hash   text,
       add column hash        text`,
    `create table audit_chain_head (
      id        smallint primary key check (id = 1),
      -- Null while the log is empty.
      last_id   bigint,
      last_hash text not null,
      length    bigint not null check (length >= 0)
    )`,
  ]);

  let prevHash = GENESIS_HASH;
  let lastId: number | null = null;
  let length = 0;
  for (;;) {
    const batch: { rows: ChainRow[] } = await knex.raw(`select ${CHAIN_ROW_COLUMNS} from audit_log where id > ? order by id limit ?`, [lastId ?? 0, BATCH]);
    if (batch.rows.length === 0) break;
    const ids: number[] = [];
    const prevHashes: string[] = [];
    const hashes: string[] = [];
    for (const row of batch.rows) {
      const hash = rowHash(prevHash, contentOf(row));
      ids.push(Number(row.id));
      prevHashes.push(prevHash);
      hashes.push(hash);
      prevHash = hash;
      lastId = Number(row.id);
      length += 1;
    }
    await knex.raw(
      `update audit_log a set prev_hash = v.prev_hash, hash = v.hash
         from unnest(?::bigint[], ?::text[], ?::text[]) as v (id, prev_hash, hash)
        where a.id = v.id`,
      [ids, prevHashes, hashes],
    );
  }

  await knex('audit_chain_head').insert({ id: 1, last_id: lastId, last_hash: prevHash, length });
  await runStatements(knex, [
    `alter table audit_log alter column prev_hash set not null, alter column hash set not null`,
    `create index audit_log_actor_idx on audit_log (actor, id)`,
    `create index audit_log_subject_idx on audit_log (subject, id)`,
    `create function audit_log_refuse_change() returns trigger language plpgsql as $$
     begin
       raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
     end
     $$`,
    `create trigger audit_log_append_only before update or delete on audit_log
       for each row execute function audit_log_refuse_change()`,
    `create trigger audit_log_no_truncate before truncate on audit_log
       for each statement execute function audit_log_refuse_change()`,
    `create trigger audit_chain_head_keep before delete on audit_chain_head
       for each row execute function audit_log_refuse_change()`,
    `create trigger audit_chain_head_no_truncate before truncate on audit_chain_head
       for each statement execute function audit_log_refuse_change()`,
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await runStatements(knex, [
    `drop trigger audit_chain_head_no_truncate on audit_chain_head`,
    `drop trigger audit_chain_head_keep on audit_chain_head`,
    `drop trigger audit_log_no_truncate on audit_log`,
    `drop trigger audit_log_append_only on audit_log`,
    `drop function audit_log_refuse_change()`,
    `drop table audit_chain_head`,
    `drop index audit_log_subject_idx`,
    `drop index audit_log_actor_idx`,
    `alter table audit_log drop column hash, drop column prev_hash, drop column fields, drop column related_ids`,
  ]);
}
