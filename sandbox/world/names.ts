/**
 * Vocabulary of the demo world: names, places, titles, ranks, positions, trainings and subjects that look like Jambi.
 * Only data lives here; `generate.ts` decides who gets what. Codes for places follow the Kemendagri pattern
 * (regency 4 digits, district 6, village 10) and are plausible rather than authoritative.
 */
import type { SchoolLevel } from './types.js';

// ---------------------------------------------------------------------------------------------------------------
// People's names

interface NamePool {
  /** First given names ("Muhammad", "Siti"). */
  given: readonly string[];
  /** Second names, or family names for groups that have them ("Saputra", "Siregar", "Wijaya"). */
  second: readonly string[];
  /** People known by one name only ("Nurhasanah", "Sutrisno"). */
  single: readonly string[];
  /** Rare inherited prefixes (Jambi-Malay nobility: "Kemas", "Nyimas"). */
  prefixes: readonly string[];
}

/** A naming tradition common in Kota Jambi, with where its people tend to be born. */
export interface NameGroup {
  id: 'MELAYU' | 'MINANG' | 'JAWA' | 'BATAK' | 'TIONGHOA';
  /** Share of the population, relative. */
  weight: number;
  /** Whether people of this group may write the hajj title (H., Hj.) before their name: mostly Muslim groups. */
  hajjTitle: boolean;
  male: NamePool;
  female: NamePool;
  /** Birthplaces with relative weights. */
  birthPlaces: readonly (readonly [string, number])[];
}

export const NAME_GROUPS: readonly NameGroup[] = [
  {
    id: 'MELAYU',
    weight: 40,
    hajjTitle: true,
    male: {
      given: [
        'Muhammad', 'Ahmad', 'Rahmat', 'Hendra', 'Dedi', 'Rizal', 'Firdaus', 'Syaiful', 'Azhar', 'Hasan', 'Ismail',
        'Junaidi', 'Khairul', 'Mukhlis', 'Nasrul', 'Rudi', 'Syamsul', 'Taufik', 'Yusuf', 'Arif', 'Fadli', 'Hamdani',
        'Irwan', 'Lukman', 'Ridwan', 'Sulaiman', 'Abdul', 'Andi', 'Agung', 'Fajar', 'Iqbal', 'Rizky',
      ],
      second: [
        'Rizki', 'Fauzi', 'Hidayat', 'Saputra', 'Kurniawan', 'Firmansyah', 'Syahputra', 'Ramadhan', 'Hakim', 'Effendi',
        'Arifin', 'Hamzah', 'Rahman', 'Anwar', 'Iskandar', 'Mahmud', 'Rasyid', 'Fikri', 'Maulana', 'Hafiz', 'Syahrial',
      ],
      single: ['Zulkifli', 'Jamaluddin', 'Syahrial', 'Hasbullah', 'Nasaruddin', 'Zainuddin', 'Baharuddin', 'Mursyid', 'Zulkarnain'],
      prefixes: ['Kemas', 'Raden', 'Kiagus'],
    },
    female: {
      given: [
        'Siti', 'Nur', 'Yuliana', 'Rina', 'Dewi', 'Fitri', 'Nurul', 'Eka', 'Ratna', 'Yanti', 'Herlina', 'Mega', 'Desi',
        'Intan', 'Putri', 'Ayu', 'Rika', 'Lia', 'Annisa', 'Nadia', 'Wulan', 'Sinta', 'Febri',
      ],
      second: [
        'Aminah', 'Sari', 'Hasanah', 'Fadhilah', 'Marlina', 'Rahmawati', 'Wulandari', 'Khadijah', 'Zahara', 'Aisyah',
        'Maharani', 'Handayani', 'Safitri', 'Purnamasari', 'Novita', 'Anggraini', 'Oktavia', 'Ramadhani', 'Yulianti',
      ],
      single: ['Nurhasanah', 'Rosmawati', 'Nurhayati', 'Maryam', 'Zubaidah', 'Rosmiati', 'Fatimah', 'Asmawati', 'Yusnidar', 'Halimah'],
      prefixes: ['Nyimas', 'Nyayu', 'Ratu'],
    },
    birthPlaces: [
      ['Jambi', 50], ['Muara Bulian', 6], ['Sengeti', 4], ['Kuala Tungkal', 6], ['Sarolangun', 4], ['Bangko', 4],
      ['Muara Tebo', 4], ['Muara Bungo', 4], ['Muara Sabak', 3], ['Sungai Penuh', 3], ['Palembang', 5],
    ],
  },
  {
    id: 'MINANG',
    weight: 16,
    hajjTitle: true,
    male: {
      given: ['Afrizal', 'Yulisman', 'Erizal', 'Hendri', 'Zulfikar', 'Andri', 'Rinaldi', 'Yusrizal', 'Fadhil', 'Ikhsan', 'Reza', 'Rahmat', 'Ferdi', 'Alfian'],
      second: ['Putra', 'Hidayat', 'Syafrudin', 'Anas', 'Chaniago', 'Tanjung', 'Koto', 'Syahputra', 'Mulyadi', 'Sikumbang', 'Amir', 'Piliang'],
      single: ['Afrizal', 'Zulhendri', 'Syafrizal', 'Yusman', 'Elfizar'],
      prefixes: [],
    },
    female: {
      given: ['Yulia', 'Elvi', 'Yusra', 'Rahmi', 'Fitri', 'Mira', 'Vivi', 'Rani', 'Yeni', 'Desri', 'Silvia', 'Rosa'],
      second: ['Fitri', 'Suryani', 'Dewi', 'Yanti', 'Novita', 'Oktaviani', 'Rahmadani', 'Putri', 'Yusnita', 'Marni', 'Delvia'],
      single: ['Fitriani', 'Yusnimar', 'Desmawati', 'Elfira', 'Rosnelly', 'Nofriyanti', 'Yurnalis'],
      prefixes: [],
    },
    birthPlaces: [['Padang', 30], ['Bukittinggi', 15], ['Payakumbuh', 10], ['Solok', 8], ['Pariaman', 7], ['Jambi', 25], ['Sungai Penuh', 5]],
  },
  {
    id: 'JAWA',
    weight: 28,
    hajjTitle: true,
    male: {
      given: ['Agus', 'Budi', 'Eko', 'Joko', 'Slamet', 'Bambang', 'Wahyu', 'Heru', 'Dwi', 'Tri', 'Sugeng', 'Teguh', 'Bayu', 'Arief', 'Yoga', 'Adi'],
      second: [
        'Santoso', 'Setiawan', 'Prasetyo', 'Wibowo', 'Susanto', 'Nugroho', 'Purnomo', 'Hartono', 'Wijayanto', 'Raharjo',
        'Saputro', 'Kuncoro', 'Sulistyo', 'Pamungkas', 'Widodo', 'Kurniawan',
      ],
      single: ['Sutrisno', 'Suparman', 'Sugiyanto', 'Mulyono', 'Suyatno', 'Sukirman', 'Paiman', 'Supriyadi'],
      prefixes: [],
    },
    female: {
      given: ['Sri', 'Dwi', 'Tri', 'Endang', 'Rini', 'Ika', 'Retno', 'Wulan', 'Eni', 'Ani', 'Yuli', 'Dyah', 'Esti'],
      second: [
        'Wahyuni', 'Lestari', 'Handayani', 'Rahayu', 'Astuti', 'Purwanti', 'Utami', 'Susilowati', 'Kurniasih', 'Ningsih',
        'Wulandari', 'Setyowati', 'Pratiwi', 'Sulistyowati',
      ],
      single: ['Suparmi', 'Sumiati', 'Suryani', 'Sulastri', 'Tumini', 'Sukarti', 'Sumarni', 'Painem'],
      prefixes: [],
    },
    birthPlaces: [
      ['Jambi', 35], ['Rimbo Bujang', 12], ['Sungai Bahar', 8], ['Muara Bulian', 5], ['Yogyakarta', 8], ['Semarang', 6],
      ['Surakarta', 5], ['Kediri', 4], ['Purworejo', 4], ['Palembang', 5],
    ],
  },
  {
    id: 'BATAK',
    weight: 9,
    hajjTitle: false,
    male: {
      given: ['Hotman', 'Rudi', 'Benny', 'Daniel', 'Jonathan', 'Parlindungan', 'Togar', 'Martin', 'Samuel', 'Robert', 'Hendrik', 'Ricky'],
      second: [
        'Simanjuntak', 'Siregar', 'Nainggolan', 'Sitompul', 'Hutapea', 'Pasaribu', 'Sinaga', 'Situmorang', 'Panjaitan',
        'Lubis', 'Nasution', 'Harahap', 'Manurung', 'Simatupang', 'Hutagalung',
      ],
      single: [],
      prefixes: [],
    },
    female: {
      given: ['Lestari', 'Rosmina', 'Debora', 'Maria', 'Grace', 'Rotua', 'Tiurma', 'Lisbet', 'Yohana', 'Erna', 'Friska', 'Lenny'],
      second: [
        'Simanjuntak', 'Siregar', 'Nainggolan', 'Sitompul', 'Hutapea', 'Pasaribu', 'Sinaga', 'Situmorang', 'Panjaitan',
        'Lubis', 'Nasution', 'Harahap', 'Manurung', 'Simatupang', 'Hutagalung',
      ],
      single: [],
      prefixes: [],
    },
    birthPlaces: [['Medan', 30], ['Pematangsiantar', 15], ['Tarutung', 10], ['Padangsidimpuan', 10], ['Jambi', 35]],
  },
  {
    id: 'TIONGHOA',
    weight: 7,
    hajjTitle: false,
    male: {
      given: ['Hendra', 'Yohanes', 'Budi', 'Andi', 'Suryadi', 'Wilson', 'Kevin', 'Hartanto', 'Steven', 'Rudy', 'Felix', 'Vincent'],
      second: ['Wijaya', 'Gunawan', 'Halim', 'Tanoto', 'Kurniawan', 'Santoso', 'Salim', 'Sutanto', 'Hartono', 'Setiadi', 'Tanjaya', 'Lim'],
      single: [],
      prefixes: [],
    },
    female: {
      given: ['Lina', 'Susanti', 'Meliana', 'Yenny', 'Fransiska', 'Lily', 'Cindy', 'Vivian', 'Maria', 'Jessica', 'Lanny', 'Stefani'],
      second: ['Wijaya', 'Gunawan', 'Halim', 'Tanoto', 'Kurniawati', 'Santoso', 'Salim', 'Sutanto', 'Hartono', 'Setiadi', 'Tanjaya', 'Lim'],
      single: [],
      prefixes: [],
    },
    birthPlaces: [['Jambi', 60], ['Palembang', 15], ['Pekanbaru', 10], ['Medan', 8], ['Jakarta', 7]],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Places

export interface Regency {
  /** Kemendagri code, 4 digits. */
  code: string;
  name: string;
}

export interface Village {
  /** Kemendagri code, 10 digits: district code + 4 (1xxx for a kelurahan, 2xxx for a desa). */
  code: string;
  name: string;
  kind: 'Kelurahan' | 'Desa';
}

export interface District {
  /** Kemendagri code, 6 digits. */
  code: string;
  name: string;
  regencyCode: string;
  villages: readonly Village[];
  /** Streets that run through the district, for addresses. */
  streets: readonly string[];
}

export const REGENCIES: readonly Regency[] = [
  { code: '1571', name: 'Kota Jambi' },
  { code: '1505', name: 'Kabupaten Muaro Jambi' },
  { code: '1504', name: 'Kabupaten Batanghari' },
];

function district(code: string, name: string, kind: Village['kind'], villages: readonly string[], streets: readonly string[]): District {
  const base = kind === 'Kelurahan' ? 1001 : 2001;
  return {
    code,
    name,
    regencyCode: code.slice(0, 4),
    villages: villages.map((village, i) => ({ code: `${code}${base + i}`, name: village, kind })),
    streets,
  };
}

/** The eleven kecamatan of Kota Jambi, and the districts of Muaro Jambi and Batanghari nearest to it. */
export const DISTRICTS: readonly District[] = [
  district('157101', 'Kota Baru', 'Kelurahan', ['Simpang III Sipin', 'Suka Karya', 'Kenali Asam Bawah', 'Kenali Asam Atas', 'Paal Lima'], [
    'Jl. Kapten Pattimura', 'Jl. Marsda Surya Dharma', 'Jl. H. Zainir Haviz', 'Jl. Kol. Abunjani', 'Jl. Sunan Gunung Jati',
  ]),
  district('157102', 'Jambi Selatan', 'Kelurahan', ['Pakuan Baru', 'Tambak Sari', 'Wijaya Pura', 'Pasir Putih', 'The Hok'], [
    'Jl. Jend. Sudirman', 'Jl. Kol. Pol. M. Taher', 'Jl. Prof. Dr. Sri Soedewi', 'Jl. Sisingamangaraja', 'Jl. Letjen Suprapto',
  ]),
  district('157103', 'Jelutung', 'Kelurahan', ['Jelutung', 'Cempaka Putih', 'Talang Jauh', 'Handil Jaya', 'Kebun Handil', 'Lebak Bandung', 'Payo Lebar'], [
    'Jl. Hayam Wuruk', 'Jl. Prof. M. Yamin', 'Jl. Sumantri Brojonegoro', 'Jl. KH. Hasyim Asyari', 'Jl. Kapten A. Bakaruddin',
  ]),
  district('157104', 'Pasar Jambi', 'Kelurahan', ['Beringin', 'Orang Kayo Hitam', 'Pasar Jambi', 'Sungai Asam'], [
    'Jl. Dr. Sutomo', 'Jl. Sultan Agung', 'Jl. Raden Pamuk', 'Jl. Sultan Thaha', 'Jl. Gatot Subroto',
  ]),
  district('157105', 'Telanaipura', 'Kelurahan', ['Telanaipura', 'Pematang Sulur', 'Penyengat Rendah', 'Teluk Kenali', 'Buluran Kenali', 'Simpang IV Sipin'], [
    'Jl. Jend. A. Yani', 'Jl. R.M. Noor Atmadibrata', 'Jl. Arif Rahman Hakim', 'Jl. Lingkar Barat', 'Jl. Prof. Dr. Sri Soedewi',
  ]),
  district('157106', 'Danau Teluk', 'Kelurahan', ['Olak Kemang', 'Pasir Panjang', 'Tanjung Pasir', 'Tanjung Raden', 'Ulu Gedong'], [
    'Jl. KH. Abdul Qodir Jailani', 'Jl. Syech Abdurrahman', 'Jl. Pangeran Hidayat', 'Jl. Olak Kemang',
  ]),
  district('157107', 'Pelayangan', 'Kelurahan', ['Tengah', 'Jelmu', 'Mudung Laut', 'Arab Melayu', 'Tahtul Yaman', 'Tanjung Johor'], [
    'Jl. KH. M. Saleh', 'Jl. Sultan Thaha Saifuddin', 'Jl. Tahtul Yaman', 'Jl. Mudung Laut',
  ]),
  district('157108', 'Jambi Timur', 'Kelurahan', ['Talang Banjar', 'Sulanjana', 'Tanjung Pinang', 'Kasang', 'Kasang Jaya', 'Budiman', 'Rajawali', 'Sijenjang'], [
    'Jl. Sultan Hasanuddin', 'Jl. Lingkar Timur', 'Jl. Pangeran Diponegoro', 'Jl. Kol. Amir Hamzah', 'Jl. Yos Sudarso',
  ]),
  district('157109', 'Alam Barajo', 'Kelurahan', ['Kenali Besar', 'Rawasari', 'Beliung', 'Mayang Mangurai', 'Bagan Pete'], [
    'Jl. Kapten Pattimura', 'Jl. Lingkar Barat', 'Jl. Sersan Anwar Bay', 'Jl. Ki Hajar Dewantara', 'Jl. Slamet Riyadi',
  ]),
  district('157110', 'Paal Merah', 'Kelurahan', ['Talang Bakung', 'Payo Selincah', 'Lingkar Selatan', 'Eka Jaya', 'Paal Merah'], [
    'Jl. Lingkar Selatan', 'Jl. Kol. Pol. M. Taher', 'Jl. Sunan Kalijaga', 'Jl. Pangeran Hidayat', 'Jl. Bougenville',
  ]),
  district('157111', 'Danau Sipin', 'Kelurahan', ['Legok', 'Murni', 'Solok Sipin', 'Sungai Putri', 'Selamat'], [
    'Jl. Slamet Riyadi', 'Jl. Kol. Amir Hamzah', 'Jl. Kapten A. Bakaruddin', 'Jl. M.H. Thamrin', 'Jl. Urip Sumoharjo',
  ]),
  district('150503', 'Kumpeh Ulu', 'Desa', ['Pudak', 'Kasang Pudak', 'Tarikan'], ['Jl. Lintas Timur', 'Jl. Pudak Raya']),
  district('150504', 'Sekernan', 'Desa', ['Sengeti', 'Tunas Baru', 'Suak Putat'], ['Jl. Lintas Sengeti', 'Jl. Pemda Muaro Jambi']),
  district('150505', 'Mestong', 'Desa', ['Pondok Meja', 'Nyogan', 'Sebapo'], ['Jl. Lintas Jambi-Palembang', 'Jl. Pondok Meja']),
  district('150506', 'Jambi Luar Kota', 'Desa', ['Pijoan', 'Mendalo Darat', 'Simpang Sungai Duren'], ['Jl. Lintas Jambi-Muara Bulian', 'Jl. Jambi-Ma. Bulian KM 15']),
  district('150507', 'Sungai Gelam', 'Desa', ['Sungai Gelam', 'Petaling Jaya', 'Kebon IX'], ['Jl. Lintas Sungai Gelam', 'Jl. Poros Kebon IX']),
  district('150401', 'Muara Bulian', 'Kelurahan', ['Muara Bulian', 'Rengas Condong', 'Teratai', 'Pasar Baru'], [
    'Jl. Gajah Mada', 'Jl. Jend. Sudirman', 'Jl. Sultan Thaha', 'Jl. Lintas Jambi-Muara Bulian',
  ]),
  district('150402', 'Bajubang', 'Desa', ['Bajubang Laut', 'Penerokan', 'Mekar Jaya'], ['Jl. Lintas Bajubang', 'Jl. Pertamina']),
  district('150403', 'Pemayung', 'Desa', ['Kubu Kandang', 'Lubuk Ruso', 'Teluk Ketapang'], ['Jl. Lintas Pemayung', 'Jl. Desa Kubu Kandang']),
];

const DISTRICTS_BY_REGENCY = new Map(REGENCIES.map((r) => [r.code, DISTRICTS.filter((d) => d.regencyCode === r.code)] as const));

/** The districts of a regency, for addresses and NIKs; throws for a regency the vocabulary does not cover. */
export function districtsOf(regencyCode: string): readonly District[] {
  const districts = DISTRICTS_BY_REGENCY.get(regencyCode);
  if (districts === undefined) throw new Error(`No districts for regency ${regencyCode}`);
  return districts;
}

/** The district named so in the regency; throws when the vocabulary lacks it (a typo in a table is a bug). */
export function districtNamed(regencyCode: string, name: string): District {
  const found = DISTRICTS.find((d) => d.regencyCode === regencyCode && d.name === name);
  if (found === undefined) throw new Error(`No district "${name}" in regency ${regencyCode}`);
  return found;
}

/** The village named so in the district; throws when missing. */
export function villageNamed(district: District, name: string): Village {
  const found = district.villages.find((v) => v.name === name);
  if (found === undefined) throw new Error(`No village "${name}" in district ${district.name}`);
  return found;
}

/** Mobile prefixes of Indonesian operators (Telkomsel, Indosat, XL, Tri, Smartfren): "08" + two digits. */
export const PHONE_PREFIXES: readonly string[] = ['11', '12', '13', '21', '22', '23', '52', '53', '55', '56', '57', '58', '77', '78', '81', '95', '96', '97', '98'];

// ---------------------------------------------------------------------------------------------------------------
// Ranks (PP 99/2000) and positions

export const RANKS: readonly { code: string; name: string }[] = [
  { code: 'I/a', name: 'Juru Muda' },
  { code: 'I/b', name: 'Juru Muda Tingkat I' },
  { code: 'I/c', name: 'Juru' },
  { code: 'I/d', name: 'Juru Tingkat I' },
  { code: 'II/a', name: 'Pengatur Muda' },
  { code: 'II/b', name: 'Pengatur Muda Tingkat I' },
  { code: 'II/c', name: 'Pengatur' },
  { code: 'II/d', name: 'Pengatur Tingkat I' },
  { code: 'III/a', name: 'Penata Muda' },
  { code: 'III/b', name: 'Penata Muda Tingkat I' },
  { code: 'III/c', name: 'Penata' },
  { code: 'III/d', name: 'Penata Tingkat I' },
  { code: 'IV/a', name: 'Pembina' },
  { code: 'IV/b', name: 'Pembina Tingkat I' },
  { code: 'IV/c', name: 'Pembina Utama Muda' },
  { code: 'IV/d', name: 'Pembina Utama Madya' },
  { code: 'IV/e', name: 'Pembina Utama' },
];

const RANK_INDEX = new Map(RANKS.map((r, i) => [r.code, i] as const));

/** Index of a rank code in {@link RANKS}; throws on an unknown code. */
export function rankIndex(code: string): number {
  const index = RANK_INDEX.get(code);
  if (index === undefined) throw new Error(`Unknown rank ${code}`);
  return index;
}

/** Education at appointment, which fixes the entry rank. */
export type Education = 'SLTA' | 'D3' | 'S1' | 'S2' | 'PROFESI';

/** Entry rank by education at appointment (SLTA II/a, D-III II/c, S1 III/a, S2 and doctors/pharmacists III/b). */
export const ENTRY_RANK: Readonly<Record<Education, string>> = { SLTA: 'II/a', D3: 'II/c', S1: 'III/a', S2: 'III/b', PROFESI: 'III/b' };

/** Youngest age at first appointment by education (years of schooling after SLTA). */
export const MIN_APPOINTMENT_AGE: Readonly<Record<Education, number>> = { SLTA: 20, D3: 22, S1: 23, S2: 25, PROFESI: 25 };

/**
 * How a position's name follows the rank: functional positions climb grades (jenjang) with the rank, a pelaksana
 * position keeps its name for the whole career.
 */
export type Ladder = 'TERAMPIL' | 'AHLI' | 'PELAKSANA';

/** Functional grades (PermenPAN-RB 1/2023) and the rank each starts at; the highest reached by the current rank applies. */
export const LADDER_GRADES: Readonly<Record<Exclude<Ladder, 'PELAKSANA'>, readonly { grade: string; fromRank: string }[]>> = {
  TERAMPIL: [
    { grade: 'Terampil', fromRank: 'II/a' },
    { grade: 'Mahir', fromRank: 'III/a' },
    { grade: 'Penyelia', fromRank: 'III/c' },
  ],
  AHLI: [
    { grade: 'Ahli Pertama', fromRank: 'III/a' },
    { grade: 'Ahli Muda', fromRank: 'III/c' },
    { grade: 'Ahli Madya', fromRank: 'IV/a' },
    { grade: 'Ahli Utama', fromRank: 'IV/d' },
  ],
};

/** Highest rank a career on each ladder reaches without a structural post (the grade's ceiling). */
export const RANK_CEILING: Readonly<Record<Ladder, string>> = { PELAKSANA: 'III/b', TERAMPIL: 'III/d', AHLI: 'IV/c' };

/** Which trainings suit someone: the field of their profession or of their work unit. */
export type Field = 'EDUCATION' | 'HEALTH' | 'REGISTRY' | 'HR' | 'PLANNING' | 'AUDIT' | 'TRANSPORT' | 'ADMIN';

/** Front and back academic titles, as written around the name. */
export interface TitleOption {
  front: string | null;
  back: string | null;
  weight: number;
}

const t = (front: string | null, back: string | null, weight = 1): TitleOption => ({ front, back, weight });

export interface Profession {
  key: ProfessionKey;
  /** The functional position's base name ("Guru" -> "Guru Ahli Muda"), or the pelaksana position's full name. */
  position: string;
  ladder: Ladder;
  education: Education;
  titles: readonly TitleOption[];
  /** PractitionerRole in SATUSEHAT for health workers; null for anyone else. */
  practitionerRole: string | null;
  field: Field;
}

export type ProfessionKey =
  | 'GURU' | 'PENGAWAS_SEKOLAH' | 'TENAGA_ADMINISTRASI_SEKOLAH'
  | 'DOKTER' | 'DOKTER_SPESIALIS' | 'DOKTER_GIGI' | 'BIDAN_D3' | 'BIDAN_AHLI' | 'PERAWAT_D3' | 'PERAWAT_NERS'
  | 'APOTEKER' | 'ASISTEN_APOTEKER' | 'PRANATA_LAB' | 'NUTRISIONIS' | 'SANITARIAN' | 'PENYULUH_KESMAS'
  | 'EPIDEMIOLOG' | 'ADMINISTRATOR_KESEHATAN' | 'PEREKAM_MEDIS' | 'RADIOGRAFER' | 'FISIOTERAPIS'
  | 'ANALIS_SDM' | 'PRANATA_SDM' | 'ANALIS_KEPEGAWAIAN' | 'ANALIS_KEBIJAKAN' | 'PRANATA_KOMPUTER' | 'ARSIPARIS'
  | 'PERENCANA' | 'STATISTISI' | 'AUDITOR' | 'P2UPD' | 'PENGUJI_KENDARAAN' | 'ADMINISTRATOR_DATABASE_KEPENDUDUKAN'
  | 'PENGADMINISTRASI_UMUM' | 'PENGADMINISTRASI_KEPENDUDUKAN' | 'PENGELOLA_KEUANGAN' | 'PENGOLAH_DATA' | 'PENGATUR_LALU_LINTAS';

const ADMIN_S1 = [t(null, 'S.E.', 3), t(null, 'S.H.', 2), t(null, 'S.Sos.', 3), t(null, 'S.AP.', 2), t(null, 'S.Kom.', 1), t(null, 'S.T.', 1)];
const ADMIN_S2 = [t(null, 'S.Sos., M.Si.', 3), t(null, 'S.H., M.H.', 2), t(null, 'S.E., M.M.', 2), t(null, 'S.AP., M.Si.', 2), t(null, 'S.T., M.T.', 1)];

function profession(
  key: ProfessionKey,
  position: string,
  ladder: Ladder,
  education: Education,
  titles: readonly TitleOption[],
  field: Field,
  practitionerRole: string | null = null,
): Profession {
  return { key, position, ladder, education, titles, practitionerRole, field };
}

/** Every profession in the demo world's civil service. */
export const PROFESSIONS: Readonly<Record<ProfessionKey, Profession>> = {
  GURU: profession('GURU', 'Guru', 'AHLI', 'S1', [t(null, 'S.Pd.', 14), t(null, 'S.Pd., M.Pd.', 3), t(null, 'S.Pd.I.', 1), t(null, 'S.Si.', 1), t(null, 'S.Kom.', 0.5)], 'EDUCATION'),
  PENGAWAS_SEKOLAH: profession('PENGAWAS_SEKOLAH', 'Pengawas Sekolah', 'AHLI', 'S2', [t(null, 'S.Pd., M.Pd.', 4), t(null, 'S.Pd., M.M.', 1)], 'EDUCATION'),
  TENAGA_ADMINISTRASI_SEKOLAH: profession('TENAGA_ADMINISTRASI_SEKOLAH', 'Pengadministrasi Umum', 'PELAKSANA', 'SLTA', [t(null, null)], 'EDUCATION'),
  DOKTER: profession('DOKTER', 'Dokter', 'AHLI', 'PROFESI', [t('dr.', null, 8), t('dr.', 'M.Kes.', 1)], 'HEALTH', 'Dokter'),
  DOKTER_SPESIALIS: profession('DOKTER_SPESIALIS', 'Dokter', 'AHLI', 'PROFESI', [
    t('dr.', 'Sp.PD'), t('dr.', 'Sp.A'), t('dr.', 'Sp.OG'), t('dr.', 'Sp.B'), t('dr.', 'Sp.An'), t('dr.', 'Sp.JP'),
    t('dr.', 'Sp.Rad'), t('dr.', 'Sp.PK'), t('dr.', 'Sp.M'), t('dr.', 'Sp.THT-KL'), t('dr.', 'Sp.N'), t('dr.', 'Sp.KJ'),
  ], 'HEALTH', 'Dokter'),
  DOKTER_GIGI: profession('DOKTER_GIGI', 'Dokter Gigi', 'AHLI', 'PROFESI', [t('drg.', null, 5), t('drg.', 'M.Kes.', 1)], 'HEALTH', 'Dokter Gigi'),
  BIDAN_D3: profession('BIDAN_D3', 'Bidan', 'TERAMPIL', 'D3', [t(null, 'Amd.Keb.')], 'HEALTH', 'Bidan'),
  BIDAN_AHLI: profession('BIDAN_AHLI', 'Bidan', 'AHLI', 'S1', [t(null, 'S.Tr.Keb.', 2), t(null, 'S.Keb., Bd.', 1)], 'HEALTH', 'Bidan'),
  PERAWAT_D3: profession('PERAWAT_D3', 'Perawat', 'TERAMPIL', 'D3', [t(null, 'Amd.Kep.')], 'HEALTH', 'Perawat'),
  PERAWAT_NERS: profession('PERAWAT_NERS', 'Perawat', 'AHLI', 'S1', [t(null, 'S.Kep., Ns.', 6), t(null, 'S.Kep., Ns., M.Kep.', 1)], 'HEALTH', 'Perawat'),
  APOTEKER: profession('APOTEKER', 'Apoteker', 'AHLI', 'PROFESI', [t(null, 'S.Farm., Apt.', 4), t(null, 'S.Farm., Apt., M.Kes.', 1)], 'HEALTH', 'Apoteker'),
  ASISTEN_APOTEKER: profession('ASISTEN_APOTEKER', 'Asisten Apoteker', 'TERAMPIL', 'D3', [t(null, 'Amd.Farm.')], 'HEALTH'),
  PRANATA_LAB: profession('PRANATA_LAB', 'Pranata Laboratorium Kesehatan', 'TERAMPIL', 'D3', [t(null, 'Amd.AK')], 'HEALTH', 'Analis Kesehatan'),
  NUTRISIONIS: profession('NUTRISIONIS', 'Nutrisionis', 'TERAMPIL', 'D3', [t(null, 'Amd.Gz.')], 'HEALTH'),
  SANITARIAN: profession('SANITARIAN', 'Tenaga Sanitasi Lingkungan', 'TERAMPIL', 'D3', [t(null, 'Amd.KL')], 'HEALTH'),
  PENYULUH_KESMAS: profession('PENYULUH_KESMAS', 'Penyuluh Kesehatan Masyarakat', 'AHLI', 'S1', [t(null, 'S.K.M.')], 'HEALTH'),
  EPIDEMIOLOG: profession('EPIDEMIOLOG', 'Epidemiolog Kesehatan', 'AHLI', 'S1', [t(null, 'S.K.M.', 3), t(null, 'S.K.M., M.Kes.', 1)], 'HEALTH'),
  ADMINISTRATOR_KESEHATAN: profession('ADMINISTRATOR_KESEHATAN', 'Administrator Kesehatan', 'AHLI', 'S2', [t(null, 'S.K.M., M.Kes.', 4), t(null, 'S.K.M., M.P.H.', 1)], 'HEALTH'),
  PEREKAM_MEDIS: profession('PEREKAM_MEDIS', 'Perekam Medis', 'TERAMPIL', 'D3', [t(null, 'Amd.PK')], 'HEALTH'),
  RADIOGRAFER: profession('RADIOGRAFER', 'Radiografer', 'TERAMPIL', 'D3', [t(null, 'Amd.Rad.')], 'HEALTH'),
  FISIOTERAPIS: profession('FISIOTERAPIS', 'Fisioterapis', 'TERAMPIL', 'D3', [t(null, 'Amd.Ft.')], 'HEALTH'),
  ANALIS_SDM: profession('ANALIS_SDM', 'Analis SDM Aparatur', 'AHLI', 'S1', [t(null, 'S.Sos.', 3), t(null, 'S.AP.', 2), t(null, 'S.H.', 2), t(null, 'S.Psi.', 1), t(null, 'S.Sos., M.Si.', 1)], 'HR'),
  PRANATA_SDM: profession('PRANATA_SDM', 'Pranata SDM Aparatur', 'TERAMPIL', 'D3', [t(null, 'Amd.')], 'HR'),
  ANALIS_KEPEGAWAIAN: profession('ANALIS_KEPEGAWAIAN', 'Analis Kepegawaian', 'AHLI', 'S1', ADMIN_S1, 'HR'),
  ANALIS_KEBIJAKAN: profession('ANALIS_KEBIJAKAN', 'Analis Kebijakan', 'AHLI', 'S2', ADMIN_S2, 'ADMIN'),
  PRANATA_KOMPUTER: profession('PRANATA_KOMPUTER', 'Pranata Komputer', 'AHLI', 'S1', [t(null, 'S.Kom.', 3), t(null, 'S.T.', 1)], 'ADMIN'),
  ARSIPARIS: profession('ARSIPARIS', 'Arsiparis', 'TERAMPIL', 'D3', [t(null, 'Amd.')], 'ADMIN'),
  PERENCANA: profession('PERENCANA', 'Perencana', 'AHLI', 'S2', [t(null, 'S.T., M.T.', 2), t(null, 'S.E., M.Si.', 2), t(null, 'S.P., M.Si.', 1), t(null, 'S.Sos., M.Si.', 1)], 'PLANNING'),
  STATISTISI: profession('STATISTISI', 'Statistisi', 'AHLI', 'S1', [t(null, 'S.Si.', 2), t(null, 'S.ST.', 1)], 'PLANNING'),
  AUDITOR: profession('AUDITOR', 'Auditor', 'AHLI', 'S1', [t(null, 'S.E.', 3), t(null, 'S.E., Ak.', 1), t(null, 'S.E., M.Ak.', 1)], 'AUDIT'),
  P2UPD: profession('P2UPD', 'Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah', 'AHLI', 'S1', [t(null, 'S.H.', 2), t(null, 'S.Sos.', 2), t(null, 'S.IP.', 1), t(null, 'S.T.', 1)], 'AUDIT'),
  PENGUJI_KENDARAAN: profession('PENGUJI_KENDARAAN', 'Penguji Kendaraan Bermotor', 'TERAMPIL', 'D3', [t(null, 'Amd.')], 'TRANSPORT'),
  ADMINISTRATOR_DATABASE_KEPENDUDUKAN: profession('ADMINISTRATOR_DATABASE_KEPENDUDUKAN', 'Administrator Database Kependudukan', 'AHLI', 'S1', [t(null, 'S.Kom.', 3), t(null, 'S.T.', 1), t(null, 'S.Si.', 1)], 'REGISTRY'),
  PENGADMINISTRASI_UMUM: profession('PENGADMINISTRASI_UMUM', 'Pengadministrasi Umum', 'PELAKSANA', 'SLTA', [t(null, null)], 'ADMIN'),
  PENGADMINISTRASI_KEPENDUDUKAN: profession('PENGADMINISTRASI_KEPENDUDUKAN', 'Pengadministrasi Kependudukan', 'PELAKSANA', 'SLTA', [t(null, null)], 'REGISTRY'),
  PENGELOLA_KEUANGAN: profession('PENGELOLA_KEUANGAN', 'Pengelola Keuangan', 'PELAKSANA', 'S1', [t(null, 'S.E.', 3), t(null, 'S.Ak.', 1)], 'ADMIN'),
  PENGOLAH_DATA: profession('PENGOLAH_DATA', 'Pengolah Data', 'PELAKSANA', 'D3', [t(null, 'Amd.', 2), t(null, 'Amd.Kom.', 1)], 'ADMIN'),
  PENGATUR_LALU_LINTAS: profession('PENGATUR_LALU_LINTAS', 'Pengatur Lalu Lintas', 'PELAKSANA', 'SLTA', [t(null, null)], 'TRANSPORT'),
};

// ---------------------------------------------------------------------------------------------------------------
// Trainings

/** A course (rw-kursus): technical training offered in some years to some fields or professions. */
export interface CourseTemplate {
  name: string;
  organizer: string;
  /** Short code used in certificate numbers. */
  code: string;
  /** Jam pelajaran, min..max. */
  hours: readonly [number, number];
  /** Calendar days, min..max. */
  days: readonly [number, number];
  /** Fields or professions the course is for; 'ALL' for everyone. */
  audience: readonly (Field | ProfessionKey | 'ALL')[];
  /** First and last year the course ran (the programme's own history: SIASN exists since 2022, IKD since 2023). */
  fromYear: number;
  untilYear: number;
}

const BPSDM = 'BPSDM Provinsi Jambi';
const BAPELKES = 'Bapelkes Provinsi Jambi';

export const COURSES: readonly CourseTemplate[] = [
  { name: 'Pelatihan Pelayanan Prima', organizer: BPSDM, code: 'PP', hours: [24, 40], days: [3, 5], audience: ['ALL'], fromYear: 2008, untilYear: 2026 },
  { name: 'Orientasi Nilai Dasar ASN BerAKHLAK', organizer: BPSDM, code: 'BERAKHLAK', hours: [16, 24], days: [2, 3], audience: ['ALL'], fromYear: 2021, untilYear: 2026 },
  { name: 'Pelatihan Penyusunan SKP', organizer: 'Badan Kepegawaian Daerah Provinsi Jambi', code: 'SKP', hours: [8, 16], days: [1, 2], audience: ['ALL'], fromYear: 2022, untilYear: 2026 },
  { name: 'Pelatihan Pengadaan Barang/Jasa Pemerintah Tingkat Dasar', organizer: 'LKPP', code: 'PBJ', hours: [32, 40], days: [4, 5], audience: ['ADMIN', 'PLANNING', 'HR', 'PENGELOLA_KEUANGAN'], fromYear: 2010, untilYear: 2026 },
  { name: 'Pelatihan Kearsipan Dinamis', organizer: 'Dinas Perpustakaan dan Arsip Daerah Provinsi Jambi', code: 'ARSIP', hours: [16, 32], days: [2, 4], audience: ['ADMIN', 'ARSIPARIS', 'PENGADMINISTRASI_UMUM'], fromYear: 2010, untilYear: 2026 },
  { name: 'Bimtek SIASN', organizer: 'Kantor Regional VII BKN Palembang', code: 'SIASN', hours: [16, 24], days: [2, 3], audience: ['HR', 'ANALIS_KEPEGAWAIAN'], fromYear: 2022, untilYear: 2026 },
  { name: 'Bimtek SAPK', organizer: 'Badan Kepegawaian Negara', code: 'SAPK', hours: [16, 24], days: [2, 3], audience: ['HR'], fromYear: 2012, untilYear: 2021 },
  { name: 'Pelatihan Fungsional Analis Kepegawaian', organizer: 'Badan Kepegawaian Negara', code: 'AK', hours: [60, 100], days: [8, 12], audience: ['HR'], fromYear: 2008, untilYear: 2026 },
  { name: 'Bimtek Manajemen Talenta ASN', organizer: 'Badan Kepegawaian Negara', code: 'MT', hours: [16, 24], days: [2, 3], audience: ['HR'], fromYear: 2023, untilYear: 2026 },
  { name: 'Pelatihan Kurikulum Merdeka', organizer: 'Balai Besar Guru Penggerak Provinsi Jambi', code: 'IKM', hours: [32, 48], days: [4, 6], audience: ['EDUCATION'], fromYear: 2022, untilYear: 2026 },
  { name: 'Bimtek Aplikasi Dapodik', organizer: 'Dinas Pendidikan Provinsi Jambi', code: 'DAPODIK', hours: [8, 16], days: [1, 2], audience: ['EDUCATION'], fromYear: 2013, untilYear: 2026 },
  { name: 'Pelatihan Implementasi Kurikulum 2013', organizer: 'LPMP Provinsi Jambi', code: 'K13', hours: [40, 52], days: [5, 6], audience: ['GURU', 'PENGAWAS_SEKOLAH'], fromYear: 2013, untilYear: 2021 },
  { name: 'Pelatihan Pembelajaran Berdiferensiasi', organizer: 'Balai Besar Guru Penggerak Provinsi Jambi', code: 'PBD', hours: [24, 32], days: [3, 4], audience: ['GURU'], fromYear: 2022, untilYear: 2026 },
  { name: 'Pelatihan Penulisan Karya Tulis Ilmiah bagi Guru', organizer: 'LPMP Provinsi Jambi', code: 'KTI', hours: [24, 32], days: [3, 4], audience: ['GURU'], fromYear: 2010, untilYear: 2021 },
  { name: 'Pelatihan Asuhan Persalinan Normal', organizer: BAPELKES, code: 'APN', hours: [40, 52], days: [5, 6], audience: ['BIDAN_D3', 'BIDAN_AHLI', 'DOKTER'], fromYear: 2008, untilYear: 2026 },
  { name: 'Pelatihan Manajemen Terpadu Balita Sakit', organizer: BAPELKES, code: 'MTBS', hours: [40, 56], days: [5, 7], audience: ['BIDAN_D3', 'BIDAN_AHLI', 'PERAWAT_D3', 'PERAWAT_NERS', 'DOKTER'], fromYear: 2008, untilYear: 2026 },
  { name: 'Pelatihan Basic Trauma Cardiac Life Support', organizer: BAPELKES, code: 'BTCLS', hours: [40, 50], days: [5, 6], audience: ['PERAWAT_D3', 'PERAWAT_NERS', 'DOKTER'], fromYear: 2010, untilYear: 2026 },
  { name: 'Pelatihan Pencegahan dan Pengendalian Infeksi', organizer: 'Kementerian Kesehatan RI', code: 'PPI', hours: [24, 40], days: [3, 5], audience: ['HEALTH'], fromYear: 2012, untilYear: 2026 },
  { name: 'Pelatihan Imunisasi bagi Petugas Puskesmas', organizer: 'Dinas Kesehatan Provinsi Jambi', code: 'IMUN', hours: [24, 32], days: [3, 4], audience: ['BIDAN_D3', 'BIDAN_AHLI', 'PERAWAT_D3', 'PERAWAT_NERS'], fromYear: 2010, untilYear: 2026 },
  { name: 'Pelatihan Pelayanan Kefarmasian di Puskesmas', organizer: 'Kementerian Kesehatan RI', code: 'FARMASI', hours: [24, 40], days: [3, 5], audience: ['APOTEKER', 'ASISTEN_APOTEKER'], fromYear: 2012, untilYear: 2026 },
  { name: 'Pelatihan Pemantapan Mutu Laboratorium', organizer: 'Balai Laboratorium Kesehatan Provinsi Jambi', code: 'PMI-LAB', hours: [24, 40], days: [3, 5], audience: ['PRANATA_LAB'], fromYear: 2010, untilYear: 2026 },
  { name: 'Pelatihan Rekam Medis Elektronik dan SATUSEHAT', organizer: 'Kementerian Kesehatan RI', code: 'RME', hours: [16, 24], days: [2, 3], audience: ['HEALTH'], fromYear: 2023, untilYear: 2026 },
  { name: 'Pelatihan SIAK Terpusat', organizer: 'Ditjen Dukcapil Kemendagri', code: 'SIAK', hours: [24, 40], days: [3, 5], audience: ['REGISTRY'], fromYear: 2019, untilYear: 2026 },
  { name: 'Bimtek Identitas Kependudukan Digital', organizer: 'Ditjen Dukcapil Kemendagri', code: 'IKD', hours: [8, 16], days: [1, 2], audience: ['REGISTRY'], fromYear: 2023, untilYear: 2026 },
  { name: 'Bimtek Pelayanan Administrasi Kependudukan', organizer: 'Ditjen Dukcapil Kemendagri', code: 'ADMINDUK', hours: [16, 32], days: [2, 4], audience: ['REGISTRY'], fromYear: 2010, untilYear: 2026 },
  { name: 'Pelatihan Perencanaan Pembangunan Daerah', organizer: 'Pusbindiklatren Bappenas', code: 'RENBANG', hours: [40, 80], days: [5, 10], audience: ['PLANNING'], fromYear: 2008, untilYear: 2026 },
  { name: 'Bimtek Sistem Informasi Pemerintahan Daerah (SIPD)', organizer: 'BPSDM Kementerian Dalam Negeri', code: 'SIPD', hours: [16, 24], days: [2, 3], audience: ['PLANNING', 'PENGELOLA_KEUANGAN'], fromYear: 2020, untilYear: 2026 },
  { name: 'Pelatihan Audit Kinerja', organizer: 'BPKP Perwakilan Provinsi Jambi', code: 'AUDIT', hours: [40, 60], days: [5, 8], audience: ['AUDIT'], fromYear: 2008, untilYear: 2026 },
  { name: 'Pelatihan Manajemen Lalu Lintas', organizer: 'Kementerian Perhubungan RI', code: 'LALIN', hours: [32, 48], days: [4, 6], audience: ['TRANSPORT'], fromYear: 2008, untilYear: 2026 },
  { name: 'Pelatihan Analisis Data dengan Aplikasi Statistik', organizer: 'BPS Provinsi Jambi', code: 'STAT', hours: [24, 40], days: [3, 5], audience: ['STATISTISI', 'PRANATA_KOMPUTER', 'ADMINISTRATOR_DATABASE_KEPENDUDUKAN'], fromYear: 2012, untilYear: 2026 },
];

/** Structural training (rw-diklat): basic training of new civil servants and leadership training for office holders. */
export interface DiklatTemplate {
  /** Name before and from the year the programme was renamed (PerLAN 2018/2019 reforms). */
  name: string;
  oldName: string;
  renamedIn: number;
  organizer: string;
  code: string;
  hours: number;
  days: readonly [number, number];
}

export const LATSAR: DiklatTemplate = {
  name: 'Pelatihan Dasar CPNS',
  oldName: 'Diklat Prajabatan',
  renamedIn: 2018,
  organizer: BPSDM,
  code: 'LATSAR',
  // The real programme is longer (PerLAN 12/2018: 1,141 JP with habituation); records here stay within 200 JP.
  hours: 200,
  days: [30, 51],
};

export const LEADERSHIP_TRAINING = {
  PENGAWAS: { name: 'Pelatihan Kepemimpinan Pengawas', oldName: 'Diklat Kepemimpinan Tingkat IV', renamedIn: 2019, organizer: BPSDM, code: 'PKP', hours: 130, days: [30, 45] },
  ADMINISTRATOR: { name: 'Pelatihan Kepemimpinan Administrator', oldName: 'Diklat Kepemimpinan Tingkat III', renamedIn: 2019, organizer: BPSDM, code: 'PKA', hours: 160, days: [40, 60] },
  JPT: { name: 'Pelatihan Kepemimpinan Nasional Tingkat II', oldName: 'Diklat Kepemimpinan Tingkat II', renamedIn: 2019, organizer: 'Lembaga Administrasi Negara RI', code: 'PKN-II', hours: 200, days: [50, 70] },
} as const satisfies Record<string, DiklatTemplate>;

// ---------------------------------------------------------------------------------------------------------------
// Schools

/** Subjects taught by a Guru Mapel, by level. */
export const SUBJECTS: Readonly<Record<SchoolLevel, readonly string[]>> = {
  SD: ['Pendidikan Jasmani, Olahraga dan Kesehatan', 'Pendidikan Agama Islam dan Budi Pekerti', 'Bahasa Inggris'],
  SMP: [
    'Matematika', 'Ilmu Pengetahuan Alam', 'Ilmu Pengetahuan Sosial', 'Bahasa Indonesia', 'Bahasa Inggris',
    'Pendidikan Pancasila', 'Pendidikan Agama Islam dan Budi Pekerti', 'Pendidikan Jasmani, Olahraga dan Kesehatan',
    'Seni Budaya', 'Prakarya', 'Informatika', 'Muatan Lokal Budaya Melayu Jambi',
  ],
  SMA: [
    'Matematika', 'Bahasa Indonesia', 'Bahasa Inggris', 'Fisika', 'Kimia', 'Biologi', 'Ekonomi', 'Sosiologi',
    'Geografi', 'Sejarah', 'Pendidikan Pancasila', 'Pendidikan Agama Islam dan Budi Pekerti',
    'Pendidikan Jasmani, Olahraga dan Kesehatan', 'Seni Budaya', 'Informatika', 'Prakarya dan Kewirausahaan',
  ],
  SMK: [
    'Matematika', 'Bahasa Indonesia', 'Bahasa Inggris', 'Pendidikan Pancasila', 'Pendidikan Agama Islam dan Budi Pekerti',
    'Pendidikan Jasmani, Olahraga dan Kesehatan', 'Teknik Komputer dan Jaringan', 'Akuntansi dan Keuangan Lembaga',
    'Teknik Kendaraan Ringan', 'Teknik Instalasi Tenaga Listrik', 'Manajemen Perkantoran', 'Desain Komunikasi Visual',
    'Kuliner', 'Projek Kreatif dan Kewirausahaan',
  ],
  SLB: ['Pendidikan Khusus Tunanetra', 'Pendidikan Khusus Tunarungu', 'Pendidikan Khusus Tunagrahita', 'Pendidikan Jasmani Adaptif', 'Keterampilan Tata Boga'],
};

/** status_kepegawaian_id_str values of teachers who are not civil servants, by kind of school. */
export const NON_CIVIL_SERVANT_EMPLOYMENT = {
  PROVINCIAL: [['PPPK', 55], ['Honor Daerah TK.I Provinsi', 25], ['Guru Honor Sekolah', 20]],
  CITY: [['PPPK', 60], ['Guru Honor Sekolah', 40]],
  PRIVATE: [['GTY/PTY', 75], ['Guru Honor Sekolah', 25]],
} as const satisfies Record<string, readonly (readonly [string, number])[]>;

// ---------------------------------------------------------------------------------------------------------------
// Health

/** Kota Jambi's puskesmas: the first three are in the hub's demo catalog under these exact names. */
export const PUSKESMAS: readonly { name: string; district: string; village: string }[] = [
  { name: 'UPTD Puskesmas Pakuan Baru', district: 'Jambi Selatan', village: 'Pakuan Baru' },
  { name: 'UPTD Puskesmas Simpang Kawat', district: 'Jelutung', village: 'Lebak Bandung' },
  { name: 'UPTD Puskesmas Olak Kemang', district: 'Danau Teluk', village: 'Olak Kemang' },
  { name: 'UPTD Puskesmas Putri Ayu', district: 'Danau Sipin', village: 'Legok' },
  { name: 'UPTD Puskesmas Koni', district: 'Danau Sipin', village: 'Sungai Putri' },
  { name: 'UPTD Puskesmas Paal V', district: 'Kota Baru', village: 'Paal Lima' },
  { name: 'UPTD Puskesmas Paal X', district: 'Kota Baru', village: 'Kenali Asam Atas' },
  { name: 'UPTD Puskesmas Talang Banjar', district: 'Jambi Timur', village: 'Talang Banjar' },
  { name: 'UPTD Puskesmas Tanjung Pinang', district: 'Jambi Timur', village: 'Tanjung Pinang' },
  { name: 'UPTD Puskesmas Tahtul Yaman', district: 'Pelayangan', village: 'Tahtul Yaman' },
  { name: 'UPTD Puskesmas Kenali Besar', district: 'Alam Barajo', village: 'Kenali Besar' },
  { name: 'UPTD Puskesmas Rawasari', district: 'Alam Barajo', village: 'Rawasari' },
  { name: 'UPTD Puskesmas Payo Selincah', district: 'Paal Merah', village: 'Payo Selincah' },
  { name: 'UPTD Puskesmas Paal Merah I', district: 'Paal Merah', village: 'Paal Merah' },
  { name: 'UPTD Puskesmas Paal Merah II', district: 'Paal Merah', village: 'Eka Jaya' },
  { name: 'UPTD Puskesmas Talang Bakung', district: 'Paal Merah', village: 'Talang Bakung' },
  { name: 'UPTD Puskesmas Aur Duri', district: 'Telanaipura', village: 'Penyengat Rendah' },
  { name: 'UPTD Puskesmas Simpang IV Sipin', district: 'Telanaipura', village: 'Simpang IV Sipin' },
  { name: 'UPTD Puskesmas Kebun Handil', district: 'Jelutung', village: 'Kebun Handil' },
  { name: 'UPTD Puskesmas Pasar Jambi', district: 'Pasar Jambi', village: 'Sungai Asam' },
];

export const HOSPITAL = {
  name: 'RSUD Raden Mattaher Jambi',
  facilityCode: '1571015',
  district: 'Jelutung',
  village: 'Jelutung',
  street: 'Jl. Letjen Suprapto No. 31',
} as const;

/** HealthcareService types; the hub's service code for each is "DKS-" + code. */
export const HEALTH_SERVICE_TYPES: readonly { code: string; name: string; description: string }[] = [
  { code: 'POLI-UMUM', name: 'Poli Umum', description: 'Pemeriksaan, diagnosis dan pengobatan umum oleh dokter untuk pasien rawat jalan.' },
  { code: 'KIA-KB', name: 'Kesehatan Ibu dan Anak dan KB', description: 'Pemeriksaan kehamilan, nifas, kesehatan bayi dan balita, serta pelayanan keluarga berencana.' },
  { code: 'IMUNISASI', name: 'Imunisasi', description: 'Imunisasi dasar lengkap bagi bayi dan imunisasi lanjutan bagi balita dan anak sekolah.' },
  { code: 'POLI-GIGI', name: 'Poli Gigi', description: 'Pemeriksaan, perawatan, penambalan dan pencabutan gigi.' },
  { code: 'LAB', name: 'Laboratorium', description: 'Pemeriksaan darah, urine dan laboratorium klinik sederhana atas rujukan dokter.' },
  { code: 'SKS', name: 'Surat Keterangan Sehat', description: 'Pemeriksaan fisik dan penerbitan surat keterangan sehat untuk keperluan kerja atau sekolah.' },
];

/** Services of the hospital's outpatient desk (a subset of the types above). */
export const HOSPITAL_SERVICE_TYPES: readonly string[] = ['POLI-UMUM', 'LAB', 'SKS'];
