/**
 * Helpers for batch loads: DataLoader wants exactly one result per key, in key order. Rows are indexed in a Map
 * once, so aligning is linear, not a `find` per key.
 */

export function alignOne<K, R, V = R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K, map?: (row: R) => V): (V | null)[] {
  const byKey = new Map<K, V>();
  for (const row of rows) byKey.set(keyOf(row), map === undefined ? (row as unknown as V) : map(row));
  return keys.map((key) => byKey.get(key) ?? null);
}

export function alignMany<K, R, V = R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K, map?: (row: R) => V): V[][] {
  const byKey = new Map<K, V[]>();
  for (const key of keys) byKey.set(key, []);
  for (const row of rows) byKey.get(keyOf(row))?.push(map === undefined ? (row as unknown as V) : map(row));
  return keys.map((key) => byKey.get(key) ?? []);
}
