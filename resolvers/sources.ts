/**
 * The source systems: how each is doing, where catalog entries come from (and whether the copy is stale), resident
 * verification against the civil registry, and an admin's "sync the catalogs now".
 */
import { z } from 'zod';
import type { Resolvers } from '../src/generated/graphql.js';
import type { HubContext } from '../src/context.js';
import { offersCatalog, type SourceConnector } from '../connectors/types.js';
import { rethrowForClient } from '../connectors/kit/source-error.js';
import type { AgencyCode } from '../src/domain/catalog.js';
import { isNik } from '../src/domain/identity.js';
import { isCatalogStale, type SourceView } from '../src/domain/source.js';
import { requireAgency, requireRole } from '../src/auth/policy.js';
import { auditEntry } from '../src/audit/entry.js';
import { ErrorCode } from '../src/errors.js';
import { parseInput } from '../src/validation.js';

const residentClaim = z.object({
  nik: z.string().refine(isNik, 'must be a 16-digit NIK'),
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

function viewOf(connector: SourceConnector, ctx: HubContext): SourceView {
  return {
    agency: connector.agency,
    system: connector.system,
    protocol: connector.protocol,
    sandbox: ctx.sources.sandboxed.has(connector.agency),
    status: connector.status(),
    hasCatalog: offersCatalog(connector),
  };
}

async function staleness(agency: AgencyCode, ctx: HubContext): Promise<boolean> {
  const sync = await ctx.loaders.catalogSync.load(agency);
  const breaker = ctx.sources.connectors.byAgency(agency).status().breaker;
  return isCatalogStale(sync, breaker, ctx.now(), ctx.sources.syncIntervalMs);
}

export const sourcesResolvers: Resolvers = {
  Query: {
    sources: (_root, _args, ctx) => ctx.sources.connectors.all.map((connector) => viewOf(connector, ctx)),

    verifyResident: async (_root, { input }, ctx, info) => {
      const officer = requireRole(ctx.principal, ['OFFICER', 'SUPERVISOR']);
      const claim = parseInput(residentClaim, input, 'input');
      // The NIK is in the arguments: the entry names the argument paths only, and the subject is the NIK's pseudonym.
      const audit = (outcome: 'ok' | 'failed') =>
        ctx.stores.audit.record([{ ...auditEntry(ctx, info, 'resident.verify', ctx.stores.audit.nikSubject(claim.nik), outcome), principal: officer }]);
      let answer;
      try {
        answer = await ctx.sources.connectors.disdukcapil.residents.verify(claim);
      } catch (error) {
        await audit('failed');
        rethrowForClient(error);
      }
      await audit('ok');
      return answer;
    },
  },

  Mutation: {
    syncCatalog: async (_root, { agency }, ctx, info) => {
      const admin = requireRole(ctx.principal, ['ADMIN']);
      // An agency's admin syncs their own agency; a provincial admin any one, or all.
      const target = agency ?? admin.agency;
      if (target !== null && target !== undefined) requireAgency(admin, target);
      const outcomes = target ? [await ctx.sources.catalogSync.sync(target)] : await ctx.sources.catalogSync.syncAll();
      ctx.log.info({ outcomes }, 'catalog sync on request');
      // Recorded once the syncs are done: each agency's copy is its own transaction, which a sync already running (the
      // schedule's) may have made, so there is no one transaction of this request to write the entry in.
      const failed = outcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.agency);
      await ctx.stores.audit.record([
        auditEntry(ctx, info, 'catalog.sync', target ?? null, failed.length === 0 ? 'ok' : 'failed', outcomes.map((outcome) => outcome.agency)),
      ]);
      ctx.loaders.catalogSync.clearAll();
      return ctx.sources.connectors.all.map((connector) => viewOf(connector, ctx));
    },
  },

  Agency: {
    source: (agency, _args, ctx) => viewOf(ctx.sources.connectors.byAgency(agency.code), ctx),
  },

  SourceStatus: {
    healthy: (view) => view.status.healthy,
    breaker: (view) => view.status.breaker,
    lastSuccessAt: (view) => view.status.lastSuccessAt,
    lastFailureAt: (view) => view.status.lastFailureAt,
    lastErrorCode: (view) => (view.status.lastFailure === null ? null : view.status.lastFailure === 'TIMEOUT' ? ErrorCode.SourceTimeout : ErrorCode.SourceUnavailable),
    latencyMs: (view) => view.status.latencyMs,
    catalog: async (view, _args, ctx) => {
      if (!view.hasCatalog) return null;
      return (await ctx.loaders.catalogSync.load(view.agency)) ?? { agency: view.agency, lastAttemptAt: null, lastSuccessAt: null, lastErrorCode: null, offices: 0, services: 0 };
    },
  },

  CatalogSyncStatus: {
    stale: (state, _args, ctx) => staleness(state.agency, ctx),
  },

  SourceRecord: {
    stale: (link, _args, ctx) => staleness(link.agency, ctx),
  },

  ResidentVerification: {
    name: (answer) => (answer.nameMatches === null ? null : answer.nameMatches ? 'MATCH' : 'NO_MATCH'),
    birthDate: (answer) => (answer.birthDateMatches === null ? null : answer.birthDateMatches ? 'MATCH' : 'NO_MATCH'),
  },
};
