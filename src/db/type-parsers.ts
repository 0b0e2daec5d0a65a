/**
 * One way of turning PostgreSQL text values into JavaScript, shared by both drivers, so that code and tests see the
 * same types on PGlite and on PostgreSQL. Without this, `count(*)` is a string on `pg` and a number on PGlite, and a
 * `date` becomes a midnight `Date` in whatever zone the process runs in.
 */
import pg from 'pg';

const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const;

type TextParser = (value: string) => unknown;

export const TEXT_PARSERS: Readonly<Record<number, TextParser>> = {
  // Counts and sums of hub data stay far below 2^53.
  [OID.INT8]: (value) => Number(value),
  [OID.NUMERIC]: (value) => Number(value),
  // A calendar date stays a `YYYY-MM-DD` string: it has no time zone to get wrong.
  [OID.DATE]: (value) => value,
};

/** The `types` option of a `pg` client: our parsers first, pg's defaults for everything else. */
export const pgTypes = {
  getTypeParser(oid: number, format?: string): TextParser {
    if (format === 'binary') return pg.types.getTypeParser(oid, 'binary') as TextParser;
    return TEXT_PARSERS[oid] ?? (pg.types.getTypeParser(oid, 'text') as TextParser);
  },
} as const;
