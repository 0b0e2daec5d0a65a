/**
 * Agencies, offices, counters and services: fields map to per-request loaders and to the catalog store.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { z } from 'zod';
import type { Resolvers } from '../src/generated/graphql.js';
import type { ServiceConnection, ServiceDraft, ServiceFilter } from '../src/domain/catalog.js';
import type { HubContext } from '../src/context.js';
import { auditEntry } from '../src/audit/entry.js';
import { requireAgency, requireRole } from '../src/auth/policy.js';
import { Edge, decodeCursor, pageInfoOf, pageSize } from '../src/paging.js';
import type { CatalogSnapshot } from '../src/store/catalog.js';
import { parseInput } from '../src/validation.js';
import { prefetchServiceFigures } from './service-figures.js';

const SERVICES = 'services';
const SERVICE_PAGE = { defaultSize: 20, maxSize: 100 };

const searchText = z.string().trim().max(100, 'must be at most 100 characters');
const serviceFilter = z.object({ officeCode: z.string().max(48).nullish(), text: searchText.nullish() }).loose();
const officeFilter = z
  .object({ regencyCode: z.string().regex(/^\d{4}$/, 'must be a 4-digit Kemendagri code').nullish(), text: searchText.nullish() })
  .loose();

const lines = (what: string) => z.array(z.string().trim().min(1, `${what} must not be empty`).max(500)).max(30);
const saveServiceInput = z.object({
  code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/, 'must be 3 to 40 capital letters, digits or dashes'),
  name: z.string().trim().min(3, 'must be at least 3 characters').max(200),
  description: z.string().trim().max(2_000).nullish(),
  requirements: lines('a requirement').nullish(),
  procedure: lines('a step').nullish(),
  timeLimit: z.string().trim().min(1).max(100).nullish(),
  feeRupiah: z.number().int().min(0, 'must not be negative').max(100_000_000).nullish(),
  legalBasis: z.string().trim().min(1).max(500).nullish(),
  offices: z
    .array(z.object({ officeCode: z.string().max(48), ticketPrefix: z.string().regex(/^[A-Z]{1,2}$/, 'must be one or two capital letters') }))
    .max(100)
    .refine((list) => new Set(list.map((o) => o.officeCode)).size === list.length, 'names an office twice')
    .nullish(),
});

async function servicePage(ctx: HubContext, info: GraphQLResolveInfo, filter: ServiceFilter, first: number, after: string | null | undefined): Promise<ServiceConnection> {
  const cursor = after ? decodeCursor(SERVICES, after, 2) : null;
  const position = cursor === null ? null : { name: String(cursor[0]), code: String(cursor[1]) };
  const { services, hasNextPage } = await ctx.stores.catalog.pageServices(filter, first, position);
  await prefetchServiceFigures(ctx, info, services);
  const edges = services.map((node) => new Edge(SERVICES, node, serviceCursor));
  return {
    edges,
    pageInfo: pageInfoOf(edges, hasNextPage),
    totalCount: () => ctx.stores.catalog.countServices(filter),
  };
}

const serviceCursor = (service: { name: string; code: string }) => [service.name, service.code];

/** A relation that must exist (foreign key); its absence is a bug, not a client error. */
async function required<T>(value: Promise<T | null>, what: string): Promise<T> {
  return (await value) ?? missing(what);
}

/**
 * Catalog relations: from the instance's catalog snapshot when it is loaded, as plain values (graphql-js completes a
 * list of values without a promise per field, which is most of a catalog page's cost); else through the loader, which
 * waits for the snapshot. Both read the same snapshot, so the answer is the same.
 */
function fromCatalog<T>(ctx: HubContext, read: (snapshot: CatalogSnapshot) => T | undefined, load: () => Promise<T>): T | Promise<T> {
  const snapshot = ctx.stores.catalog.loadedSnapshot();
  const found = snapshot === null ? undefined : read(snapshot);
  return found !== undefined ? found : load();
}

/** The agencies present at an office, through the loaders. */
async function agenciesOfOffice(ctx: HubContext, officeCode: string) {
  const codes = await ctx.loaders.agencyCodesOfOffice.load(officeCode);
  const agencies = await ctx.loaders.agency.loadMany(codes);
  return agencies.map((agency, i) => {
    if (agency === null || agency instanceof Error) throw agency ?? new Error(`agency ${codes[i]} is missing`);
    return agency;
  });
}

function missing(what: string): never {
  throw new Error(`${what} is missing`);
}

const listed = <T>(list: readonly T[] | undefined): T[] => (list === undefined ? [] : [...list]);

/** An agency or office a row names (a foreign key), from the snapshot or its loader. */
const agencyOf = (ctx: HubContext, code: string) => fromCatalog(ctx, (c) => c.agencyByCode.get(code), () => required(ctx.loaders.agency.load(code), `agency ${code}`));
const officeOf = (ctx: HubContext, code: string) => fromCatalog(ctx, (c) => c.officeByCode.get(code), () => required(ctx.loaders.office.load(code), `office ${code}`));

export const catalogResolvers: Resolvers = {
  Query: {
    agencies: (_root, _args, ctx) => ctx.stores.catalog.listAgencies(),
    services: (_root, args, ctx, info) => {
      const filter = parseInput(serviceFilter, args.filter ?? {}, 'filter') as ServiceFilter;
      return servicePage(ctx, info, filter, pageSize(args.first, SERVICE_PAGE), args.after);
    },
    service: (_root, { code }, ctx) => fromCatalog(ctx, (c) => c.serviceByCode.get(code), () => ctx.loaders.service.load(code)),
    offices: async (_root, args, ctx) => {
      const filter = parseInput(officeFilter, args.filter ?? {}, 'filter');
      return ctx.stores.catalog.listOffices({ ...filter, agency: args.filter?.agency, kind: args.filter?.kind });
    },
    office: (_root, { code }, ctx) => fromCatalog(ctx, (c) => c.officeByCode.get(code), () => ctx.loaders.office.load(code)),
  },

  Mutation: {
    saveService: async (_root, { input }, ctx, info) => {
      const admin = requireRole(ctx.principal, ['ADMIN']);
      requireAgency(admin, input.agency);
      const valid = parseInput(saveServiceInput, input, 'input');
      const draft: ServiceDraft = {
        code: valid.code,
        agencyCode: input.agency,
        name: valid.name,
        description: valid.description ?? '',
        requirements: valid.requirements ?? [],
        procedure: valid.procedure ?? [],
        timeLimit: valid.timeLimit ?? null,
        feeRupiah: valid.feeRupiah ?? null,
        legalBasis: valid.legalBasis ?? null,
        offices: valid.offices ?? null,
      };
      const saved = await ctx.stores.catalog.saveService(draft, admin.agency, (trx, service) =>
        ctx.stores.audit.record([auditEntry(ctx, info, 'service.save', service.code, 'ok', (draft.offices ?? []).map((o) => o.officeCode))], trx),
      );
      ctx.log.info({ service: saved.code, agency: saved.agencyCode }, 'catalog service saved');
      return saved;
    },
  },

  Agency: {
    offices: (agency, _args, ctx) => fromCatalog(ctx, (c) => listed(c.officesOfAgency.get(agency.code)), () => ctx.loaders.officesOfAgency.load(agency.code)),
  },

  Office: {
    agencies: (office, _args, ctx) =>
      fromCatalog(
        ctx,
        (c) => (c.agencyCodesOfOffice.get(office.code) ?? []).map((code) => c.agencyByCode.get(code) ?? missing(`agency ${code}`)),
        () => agenciesOfOffice(ctx, office.code),
      ),
    services: (office, _args, ctx) => fromCatalog(ctx, (c) => listed(c.servicesOfOffice.get(office.code)), () => ctx.loaders.servicesOfOffice.load(office.code)),
    counters: (office, _args, ctx) => ctx.loaders.countersOfOffice.load(office.code),
  },

  Counter: {
    agency: (counter, _args, ctx) => agencyOf(ctx, counter.agencyCode),
    office: (counter, _args, ctx) => officeOf(ctx, counter.officeCode),
    services: (counter, _args, ctx) => ctx.loaders.servicesOfCounter.load(counter.id),
    open: (counter) => counter.isOpen,
  },

  Service: {
    agency: (service, _args, ctx) => agencyOf(ctx, service.agencyCode),
    offices: (service, _args, ctx) => fromCatalog(ctx, (c) => listed(c.officesOfService.get(service.code)), () => ctx.loaders.officesOfService.load(service.code)),
    requirements: (service) => [...service.requirements],
    procedure: (service) => [...service.procedure],
  },

  ServiceConnection: {
    edges: (connection) => [...connection.edges],
    totalCount: (connection) => connection.totalCount(),
  },
};
