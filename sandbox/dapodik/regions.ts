/**
 * Region names and codes as Dapodik writes them for the schools of the demo world.
 *
 * The world gives a school's regency as a Kemendagri code and its district (kecamatan) by name; the district's code
 * comes from the world's vocabulary of places (../world/names.ts). A district the vocabulary lacks (hand-made test
 * worlds) gets a made-up code of the right shape: its regency's code and 91, 92 ... in alphabetical order.
 */
import { DISTRICTS } from '../world/names.js';
import type { School } from '../world/types.js';

/** Jambi's regencies and cities (Kemendagri codes), as Dapodik names them: "Kab. ..." or "Kota ...". */
const REGENCY_NAMES: Readonly<Record<string, string>> = {
  '1501': 'Kab. Kerinci',
  '1502': 'Kab. Merangin',
  '1503': 'Kab. Sarolangun',
  '1504': 'Kab. Batanghari',
  '1505': 'Kab. Muaro Jambi',
  '1506': 'Kab. Tanjung Jabung Timur',
  '1507': 'Kab. Tanjung Jabung Barat',
  '1508': 'Kab. Tebo',
  '1509': 'Kab. Bungo',
  '1571': 'Kota Jambi',
  '1572': 'Kota Sungai Penuh',
};

/** Dapodik prefixes the province name, as it does districts ("Kec. ..."). */
export const PROVINCE_NAME = 'Prov. Jambi';

export function regencyName(regencyCode: string): string {
  return REGENCY_NAMES[regencyCode] ?? `Kab. ${regencyCode}`;
}

/** District code per `regencyCode|district name`, for every district a school of the world is in. */
export function districtCodes(schools: readonly School[]): ReadonlyMap<string, string> {
  const codes = new Map<string, string>();
  for (const district of DISTRICTS) codes.set(districtKey(district.regencyCode, district.name), district.code);
  const unknown = new Map<string, Set<string>>();
  for (const school of schools) {
    if (codes.has(districtKey(school.regencyCode, school.district))) continue;
    const names = unknown.get(school.regencyCode) ?? new Set<string>();
    names.add(school.district);
    unknown.set(school.regencyCode, names);
  }
  for (const [regencyCode, names] of unknown) {
    [...names].sort().forEach((name, index) => codes.set(districtKey(regencyCode, name), `${regencyCode}${91 + index}`));
  }
  return codes;
}

export const districtKey = (regencyCode: string, district: string): string => `${regencyCode}|${district}`;
