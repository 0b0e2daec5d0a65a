/**
 * Request contexts (src/context.ts) make their logger, loaders and partial-error list on first use, and stay lazy
 * through the copy Apollo Server makes of every context before it runs an operation.
 */
import { describe, expect, it } from 'vitest';
import { ContextFactory, type ContextDeps } from '../src/context.js';
import type { Logger } from '../src/logger.js';

/** What Apollo Server 5 does to the context of every HTTP operation (ApolloServer.ts, `cloneObject`). */
const apolloCopy = <T extends object>(context: T): T => Object.assign(Object.create(Object.getPrototypeOf(context) as object) as T, context);

function factory() {
  const children: Record<string, unknown>[] = [];
  const log = { child: (bindings: Record<string, unknown>) => (children.push(bindings), log) } as unknown as Logger;
  const deps = {
    stores: {},
    log,
    now: () => new Date(),
    events: {},
    holderTokens: {},
    observeBatch: () => {},
    sources: { connectors: { bkd: {} } },
    rateLimits: {},
  } as unknown as ContextDeps;
  const contexts = new ContextFactory(deps);
  const build = () => contexts.build({ requestId: 'r-1', principal: { kind: 'public' }, stats: undefined, clientAddress: null });
  return { build, children };
}

describe('request contexts', () => {
  it('make no logger when copied the way Apollo copies them, and one on first use of the copy', () => {
    const { build, children } = factory();
    const copy = apolloCopy(build());
    expect(children).toEqual([]);
    expect(copy.log).toBe(copy.log);
    expect(children).toEqual([{ requestId: 'r-1' }]);
  });

  it('make loaders on first use of the copy, keep them, and let a subscription replace or release them', () => {
    const { build } = factory();
    const original = build();
    const copy = apolloCopy(original);
    expect(Object.getOwnPropertyDescriptor(copy, 'loaders')).toBeUndefined();
    const loaders = copy.loaders;
    expect(copy.loaders).toBe(loaders);
    // The copy's loaders are its own: the original made none and makes its own.
    expect(original.loaders).not.toBe(loaders);

    const forEvent = copy.loadersForEvent({});
    copy.loaders = forEvent;
    expect(copy.loaders).toBe(forEvent);
    copy.releaseLoaders();
    expect(copy.loaders).not.toBe(forEvent);
  });

  it('share one loader set per event among contexts of one factory', () => {
    const { build } = factory();
    const event = {};
    expect(build().loadersForEvent(event)).toBe(build().loadersForEvent(event));
    expect(build().loadersForEvent({})).not.toBe(build().loadersForEvent(event));
  });

  it('keep a partial-error list per context', () => {
    const { build } = factory();
    const copy = apolloCopy(build());
    expect(copy.partialErrors).toBe(copy.partialErrors);
    expect(build().partialErrors).not.toBe(copy.partialErrors);
  });
});
