/**
 * The audit trail, for admins: read-only (nothing in the API writes or changes it, besides the hub's own entries).
 * Who may call it is in src/auth/field-rules.ts (ADMIN); which rows an admin sees is decided here: a provincial ADMIN
 * every row, an agency's ADMIN those of their agency's staff. Every read of it is itself audited.
 */
import { z } from 'zod';
import type { AuditOutcome as AuditOutcomeEnum, Resolvers } from '../src/generated/graphql.js';
import { auditEntry } from '../src/audit/entry.js';
import { requireRole } from '../src/auth/policy.js';
import { Edge, decodeCursor, pageInfoOf, pageSize } from '../src/paging.js';
import type { AuditConnection, AuditOutcome, AuditQuery } from '../src/store/audit.js';
import { badUserInput } from '../src/errors.js';
import { parseInput } from '../src/validation.js';

const AUDIT = 'audit';
const AUDIT_PAGE = { defaultSize: 50, maxSize: 200 };

const auditFilter = z.object({
  actor: z.string().max(200, 'must be at most 200 characters').nullish(),
  action: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must be an action like complaint.verify, or a prefix like complaint.').nullish(),
  subject: z.string().max(200, 'must be at most 200 characters').nullish(),
});

const OUTCOMES: Readonly<Record<AuditOutcome, AuditOutcomeEnum>> = { ok: 'OK', denied: 'DENIED', failed: 'FAILED' };

export const auditResolvers: Resolvers = {
  Query: {
    auditLog: async (_root, args, ctx, info) => {
      const admin = requireRole(ctx.principal, ['ADMIN']);
      const filter = parseInput(auditFilter, args.filter ?? {}, 'filter');
      const from = args.filter?.from ?? null;
      const to = args.filter?.to ?? null;
      if (from !== null && to !== null && from > to) throw badUserInput('filter.to must not be before filter.from', 'filter.to');
      const query: AuditQuery = {
        from,
        to,
        actor: filter.actor ?? null,
        action: filter.action ?? null,
        subject: filter.subject ?? null,
        agency: admin.agency,
      };
      const first = pageSize(args.first, AUDIT_PAGE);
      const after = args.after ? Number(decodeCursor(AUDIT, args.after, 1)[0]) : null;
      if (after !== null && !Number.isSafeInteger(after)) throw badUserInput(`after is not a cursor of ${AUDIT}`, 'after');
      const { records, hasNextPage } = await ctx.stores.audit.page(query, first, after);
      // Written after the page is read, so the page does not show its own read.
      await ctx.stores.audit.record([auditEntry(ctx, info, 'audit.read', null, 'ok')]);
      const edges = records.map((node) => new Edge(AUDIT, node, (record) => [record.id]));
      const connection: AuditConnection = {
        edges,
        pageInfo: pageInfoOf(edges, hasNextPage),
        totalCount: () => ctx.stores.audit.count(query),
      };
      return connection;
    },
  },

  AuditRecord: {
    id: (record) => String(record.id),
    agency: (record) => record.agencyCode,
    relatedSubjects: (record) => [...record.related],
    fields: (record) => [...record.fields],
    outcome: (record) => OUTCOMES[record.outcome],
    previousHash: (record) => record.prevHash,
  },

  AuditRecordConnection: {
    edges: (connection) => [...connection.edges],
    totalCount: (connection) => connection.totalCount(),
  },
};
