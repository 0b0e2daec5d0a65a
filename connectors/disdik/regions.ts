/**
 * Which regency a school is in, as a Kemendagri code (the hub's `regencyCode`).
 *
 * Dapodik's `kode_wilayah` is not always a Kemendagri code: installations keep Kemendikbud's own region codes (the
 * province of Jambi is "100000") in the same char(8) column. A Kemendagri code is recognised by its regency being
 * one of Jambi's; otherwise the regency name (`kabupaten_kota`) decides; otherwise the regency is unknown ("").
 */

/** Jambi's regencies and cities: Kemendagri code by name, lower case, without "Kab."/"Kabupaten". */
const JAMBI_REGENCIES: ReadonlyMap<string, string> = new Map([
  ['kerinci', '1501'],
  ['merangin', '1502'],
  ['sarolangun', '1503'],
  ['batanghari', '1504'],
  ['batang hari', '1504'],
  ['muaro jambi', '1505'],
  ['tanjung jabung timur', '1506'],
  ['tanjung jabung barat', '1507'],
  ['tebo', '1508'],
  ['bungo', '1509'],
  ['kota jambi', '1571'],
  ['kota sungai penuh', '1572'],
]);

const JAMBI_CODES: ReadonlySet<string> = new Set(JAMBI_REGENCIES.values());

export function regencyCodeOf(kodeWilayah: string | null, kabupatenKota: string | null): string {
  const digits = kodeWilayah?.replace(/[\s.]/g, '') ?? '';
  // Regency (4), district (6) or village (10) codes, with or without dots, all start with the regency.
  if (/^(\d{4}|\d{6}|\d{10})$/.test(digits) && JAMBI_CODES.has(digits.slice(0, 4))) return digits.slice(0, 4);
  if (kabupatenKota === null) return '';
  const name = kabupatenKota
    .toLowerCase()
    .replace(/^(kab\.|kabupaten)\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return JAMBI_REGENCIES.get(name) ?? '';
}
