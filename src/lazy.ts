/**
 * An object whose properties are made on first read, then kept. Contexts use it for loaders and loggers: a request
 * touches a few of them, and a subscription context that holds all of them eagerly costs memory per subscriber.
 */
export function lazily<T extends Record<string, () => unknown>>(factories: T): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const target = {} as { [K in keyof T]: ReturnType<T[K]> };
  for (const key of Object.keys(factories) as (keyof T)[]) {
    Object.defineProperty(target, key, {
      configurable: true,
      enumerable: true,
      get() {
        const value = (factories[key] as () => ReturnType<T[typeof key]>)();
        Object.defineProperty(target, key, { value, enumerable: true, writable: false });
        return value;
      },
    });
  }
  return target;
}
