/**
 * A page of services whose client selected each service's `waitingToday` or `satisfaction(from, to)`: the page
 * resolver loads them for the whole page before it returns, so those fields answer with values (see
 * src/remembering-loader.ts). Same batches, same statements as the fields would send; what a field cannot get here
 * (a period that is not one, a failed load) it asks for itself and reports as it always has.
 */
import { getArgumentValues, isObjectType, type GraphQLResolveInfo } from 'graphql';
import type { HubContext } from '../src/context.js';
import type { Service } from '../src/domain/catalog.js';
import type { SatisfactionFilter } from '../src/domain/surveys.js';
import { selectedFieldNodes } from '../src/lookahead.js';
import { serviceSatisfactionFilter } from './surveys.js';

/** Where a services connection's nodes are, below the connection field. */
const NODE = ['edges', 'node'];

export async function prefetchServiceFigures(ctx: HubContext, info: GraphQLResolveInfo, services: readonly Service[]): Promise<void> {
  if (services.length === 0) return;
  const codes = services.map((service) => service.code);
  const loads: Promise<void>[] = [];
  if (selectedFieldNodes(info, [...NODE, 'waitingToday']).length > 0) loads.push(ctx.loaders.waitingTodayOfService.loadAll(codes));
  const filters = satisfactionFilters(info, codes);
  if (filters.length > 0) loads.push(ctx.loaders.satisfaction.loadAll(filters));
  await Promise.all(loads);
}

/** One filter per service and per distinct valid period selected (aliases may ask for several). */
function satisfactionFilters(info: GraphQLResolveInfo, codes: readonly string[]): SatisfactionFilter[] {
  const service = info.schema.getType('Service');
  const definition = isObjectType(service) ? service.getFields()['satisfaction'] : undefined;
  if (definition === undefined) return [];
  const filters: SatisfactionFilter[] = [];
  for (const node of selectedFieldNodes(info, [...NODE, 'satisfaction'])) {
    try {
      const args = getArgumentValues(definition, node, info.variableValues) as { from?: string | null; to?: string | null };
      for (const code of codes) filters.push(serviceSatisfactionFilter(code, args.from, args.to));
    } catch {
      // Not a valid period: the field itself refuses it.
    }
  }
  return filters;
}
