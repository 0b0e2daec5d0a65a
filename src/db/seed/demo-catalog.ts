/**
 * Demo catalog for Jambi: the four agencies, offices in Kota Jambi and two regencies, their services with the
 * published service standards, and the counters (loket) of each office. Codes are stable: tests, examples and the
 * sandbox source systems refer to them.
 */
import type { AgencyCode, OfficeKind } from '../../domain/catalog.js';

export interface DemoAgency {
  code: AgencyCode;
  name: string;
  shortName: string;
  description: string;
}

export interface DemoService {
  code: string;
  agency: AgencyCode;
  name: string;
  description: string;
  requirements: string[];
  procedure: string[];
  timeLimit: string | null;
  feeRupiah: number | null;
  legalBasis: string | null;
}

export interface DemoOffice {
  code: string;
  name: string;
  kind: OfficeKind;
  agency: AgencyCode | null;
  address: string;
  regencyCode: string;
  /** service code -> ticket letter at this office */
  services: Record<string, string>;
  counters: { code: string; name: string; agency: AgencyCode; services: string[] }[];
}

export const DEMO_AGENCIES: readonly DemoAgency[] = [
  {
    code: 'DISDUKCAPIL',
    name: 'Dinas Kependudukan dan Pencatatan Sipil',
    shortName: 'Disdukcapil',
    description: 'Pendaftaran penduduk dan pencatatan sipil: KTP-el, Kartu Keluarga, KIA, akta dan pindah datang.',
  },
  {
    code: 'DISDIK',
    name: 'Dinas Pendidikan',
    shortName: 'Disdik',
    description: 'Penyelenggaraan pendidikan menengah dan khusus, data sekolah dan pendidik (Dapodik).',
  },
  {
    code: 'DINKES',
    name: 'Dinas Kesehatan',
    shortName: 'Dinkes',
    description: 'Fasilitas pelayanan kesehatan (puskesmas, rumah sakit) dan tenaga kesehatan.',
  },
  {
    code: 'BKD',
    name: 'Badan Kepegawaian Daerah',
    shortName: 'BKD',
    description: 'Manajemen Aparatur Sipil Negara: pangkat, jabatan, pelatihan, penilaian kinerja dan pensiun.',
  },
];

const CIVIL_REGISTRY_BASIS = 'UU 24/2013 tentang Administrasi Kependudukan; Perpres 96/2018';

export const DEMO_SERVICES: readonly DemoService[] = [
  {
    code: 'DUK-KTP-EL',
    agency: 'DISDUKCAPIL',
    name: 'Perekaman dan Pencetakan KTP-el',
    description: 'Perekaman data biometrik dan pencetakan Kartu Tanda Penduduk elektronik, termasuk penggantian karena rusak atau hilang.',
    requirements: [
      'Telah berusia 17 tahun, sudah kawin atau pernah kawin',
      'Kartu Keluarga asli',
      'KTP-el yang rusak, atau surat keterangan kehilangan dari kepolisian',
    ],
    procedure: ['Ambil nomor antrian', 'Verifikasi data di loket', 'Perekaman sidik jari, iris dan foto', 'Pencetakan dan penyerahan KTP-el'],
    timeLimit: '1 hari kerja',
    feeRupiah: 0,
    legalBasis: CIVIL_REGISTRY_BASIS,
  },
  {
    code: 'DUK-KK',
    agency: 'DISDUKCAPIL',
    name: 'Penerbitan Kartu Keluarga',
    description: 'Kartu Keluarga baru, perubahan data, dan penggantian karena rusak atau hilang.',
    requirements: ['Buku nikah atau akta perkawinan', 'Surat keterangan pindah bagi penduduk pindahan', 'Kartu Keluarga lama'],
    procedure: ['Ambil nomor antrian', 'Verifikasi berkas', 'Penerbitan dan penandatanganan elektronik', 'Penyerahan dokumen'],
    timeLimit: '1 hari kerja',
    feeRupiah: 0,
    legalBasis: CIVIL_REGISTRY_BASIS,
  },
  {
    code: 'DUK-KIA',
    agency: 'DISDUKCAPIL',
    name: 'Kartu Identitas Anak',
    description: 'Kartu identitas bagi anak berusia di bawah 17 tahun.',
    requirements: ['Akta kelahiran anak', 'Kartu Keluarga orang tua', 'Pas foto anak berusia 5 tahun ke atas'],
    procedure: ['Ambil nomor antrian', 'Verifikasi berkas', 'Pencetakan KIA'],
    timeLimit: '1 hari kerja',
    feeRupiah: 0,
    legalBasis: 'Permendagri 2/2016 tentang Kartu Identitas Anak',
  },
  {
    code: 'DUK-AKTA-LAHIR',
    agency: 'DISDUKCAPIL',
    name: 'Akta Kelahiran',
    description: 'Pencatatan kelahiran dan penerbitan kutipan akta kelahiran.',
    requirements: ['Surat keterangan lahir dari dokter, bidan atau kepala desa/lurah', 'Kartu Keluarga', 'KTP-el orang tua'],
    procedure: ['Ambil nomor antrian', 'Verifikasi berkas', 'Pencatatan kelahiran', 'Penyerahan kutipan akta'],
    timeLimit: '1 hari kerja',
    feeRupiah: 0,
    legalBasis: CIVIL_REGISTRY_BASIS,
  },
  {
    code: 'DUK-AKTA-MATI',
    agency: 'DISDUKCAPIL',
    name: 'Akta Kematian',
    description: 'Pencatatan kematian dan penerbitan kutipan akta kematian.',
    requirements: ['Surat keterangan kematian dari rumah sakit atau kepala desa/lurah', 'Kartu Keluarga', 'KTP-el almarhum'],
    procedure: ['Ambil nomor antrian', 'Verifikasi berkas', 'Pencatatan kematian', 'Penyerahan kutipan akta'],
    timeLimit: '1 hari kerja',
    feeRupiah: 0,
    legalBasis: CIVIL_REGISTRY_BASIS,
  },
  {
    code: 'DUK-PINDAH',
    agency: 'DISDUKCAPIL',
    name: 'Pindah Datang Penduduk (SKPWNI)',
    description: 'Surat keterangan pindah ke luar daerah dan pencatatan kedatangan penduduk pindahan.',
    requirements: ['Kartu Keluarga', 'KTP-el', 'Surat keterangan pindah dari daerah asal (untuk kedatangan)'],
    procedure: ['Ambil nomor antrian', 'Verifikasi berkas', 'Penerbitan SKPWNI atau KK baru'],
    timeLimit: '1 hari kerja',
    feeRupiah: 0,
    legalBasis: CIVIL_REGISTRY_BASIS,
  },
  {
    code: 'DKS-POLI-UMUM',
    agency: 'DINKES',
    name: 'Pemeriksaan Umum',
    description: 'Pemeriksaan dan pengobatan umum di poli umum.',
    requirements: ['Kartu BPJS Kesehatan atau KTP-el', 'Kartu berobat bagi pasien lama'],
    procedure: ['Ambil nomor antrian', 'Pendaftaran', 'Pemeriksaan di poli umum', 'Pengambilan obat di apotek'],
    timeLimit: 'Hari yang sama',
    feeRupiah: 0,
    legalBasis: 'Permenkes 43/2019 tentang Pusat Kesehatan Masyarakat',
  },
  {
    code: 'DKS-KIA-KB',
    agency: 'DINKES',
    name: 'Kesehatan Ibu dan Anak / Keluarga Berencana',
    description: 'Pemeriksaan kehamilan, kesehatan balita dan pelayanan KB.',
    requirements: ['Buku KIA', 'Kartu BPJS Kesehatan atau KTP-el'],
    procedure: ['Ambil nomor antrian', 'Pendaftaran', 'Pemeriksaan di ruang KIA/KB'],
    timeLimit: 'Hari yang sama',
    feeRupiah: 0,
    legalBasis: 'Permenkes 43/2019 tentang Pusat Kesehatan Masyarakat',
  },
  {
    code: 'DKS-IMUNISASI',
    agency: 'DINKES',
    name: 'Imunisasi',
    description: 'Imunisasi dasar dan lanjutan untuk bayi, balita dan anak sekolah.',
    requirements: ['Buku KIA'],
    procedure: ['Ambil nomor antrian', 'Pendaftaran', 'Skrining dan imunisasi'],
    timeLimit: 'Hari yang sama',
    feeRupiah: 0,
    legalBasis: 'Permenkes 12/2017 tentang Penyelenggaraan Imunisasi',
  },
  {
    code: 'DKS-POLI-GIGI',
    agency: 'DINKES',
    name: 'Pemeriksaan Gigi dan Mulut',
    description: 'Pemeriksaan, penambalan dan pencabutan gigi.',
    requirements: ['Kartu BPJS Kesehatan atau KTP-el'],
    procedure: ['Ambil nomor antrian', 'Pendaftaran', 'Pemeriksaan di poli gigi'],
    timeLimit: 'Hari yang sama',
    feeRupiah: 0,
    legalBasis: 'Permenkes 43/2019 tentang Pusat Kesehatan Masyarakat',
  },
  {
    code: 'DKS-LAB',
    agency: 'DINKES',
    name: 'Pemeriksaan Laboratorium',
    description: 'Pemeriksaan darah, urine dan laboratorium sederhana.',
    requirements: ['Surat pengantar dokter'],
    procedure: ['Ambil nomor antrian', 'Pengambilan sampel', 'Penyerahan hasil'],
    timeLimit: '1 hari kerja',
    feeRupiah: null,
    legalBasis: 'Peraturan daerah tentang retribusi pelayanan kesehatan',
  },
  {
    code: 'DKS-SKS',
    agency: 'DINKES',
    name: 'Surat Keterangan Sehat',
    description: 'Pemeriksaan kesehatan dan penerbitan surat keterangan sehat untuk melamar kerja atau sekolah.',
    requirements: ['KTP-el', 'Pas foto 3x4'],
    procedure: ['Ambil nomor antrian', 'Pemeriksaan fisik', 'Penerbitan surat keterangan'],
    timeLimit: 'Hari yang sama',
    feeRupiah: null,
    legalBasis: 'Peraturan daerah tentang retribusi pelayanan kesehatan',
  },
  {
    code: 'BKD-KENAIKAN-PANGKAT',
    agency: 'BKD',
    name: 'Kenaikan Pangkat',
    description: 'Usul kenaikan pangkat reguler dan pilihan PNS melalui SIASN.',
    requirements: ['SK pangkat terakhir', 'SKP dua tahun terakhir dengan predikat minimal Baik', 'SK jabatan bagi kenaikan pangkat pilihan'],
    procedure: ['Verifikasi berkas oleh pengelola kepegawaian', 'Usul melalui SIASN', 'Pertimbangan teknis BKN', 'Penerbitan SK'],
    timeLimit: '14 hari kerja',
    feeRupiah: 0,
    legalBasis: 'PP 99/2000 jo. PP 12/2002 tentang Kenaikan Pangkat PNS',
  },
  {
    code: 'BKD-PENSIUN',
    agency: 'BKD',
    name: 'Pensiun Batas Usia',
    description: 'Penetapan pensiun PNS yang mencapai batas usia pensiun.',
    requirements: ['SK CPNS dan SK pangkat terakhir', 'Kartu Keluarga', 'Daftar susunan keluarga', 'Pas foto'],
    procedure: ['Usul dari perangkat daerah', 'Verifikasi BKD', 'Usul melalui SIASN', 'Penerbitan SK pensiun'],
    timeLimit: '21 hari kerja',
    feeRupiah: 0,
    legalBasis: 'UU 20/2023 tentang Aparatur Sipil Negara',
  },
  {
    code: 'BKD-MUTASI',
    agency: 'BKD',
    name: 'Mutasi dan Pindah Instansi',
    description: 'Perpindahan PNS antar perangkat daerah atau antar instansi.',
    requirements: ['Surat persetujuan instansi asal dan tujuan', 'SK pangkat terakhir', 'SKP dua tahun terakhir'],
    procedure: ['Verifikasi berkas', 'Pertimbangan Baperjakat', 'Penerbitan SK mutasi'],
    timeLimit: '14 hari kerja',
    feeRupiah: 0,
    legalBasis: 'PP 11/2017 jo. PP 17/2020 tentang Manajemen PNS',
  },
  {
    code: 'BKD-KARIS-KARSU',
    agency: 'BKD',
    name: 'Kartu Suami / Kartu Istri',
    description: 'Penerbitan Karis dan Karsu bagi pasangan PNS.',
    requirements: ['Buku nikah', 'Laporan perkawinan pertama', 'Pas foto pasangan'],
    procedure: ['Verifikasi berkas', 'Usul melalui SIASN', 'Penyerahan kartu'],
    timeLimit: '14 hari kerja',
    feeRupiah: 0,
    legalBasis: 'Peraturan BKN tentang Kartu Istri dan Kartu Suami',
  },
  {
    code: 'BKD-IZIN-BELAJAR',
    agency: 'BKD',
    name: 'Izin Belajar dan Tugas Belajar',
    description: 'Izin bagi PNS untuk melanjutkan pendidikan.',
    requirements: ['Surat keterangan diterima dari perguruan tinggi terakreditasi', 'SKP terakhir', 'Rekomendasi atasan'],
    procedure: ['Verifikasi berkas', 'Penerbitan surat izin belajar'],
    timeLimit: '7 hari kerja',
    feeRupiah: 0,
    legalBasis: 'Permenpan-RB tentang Izin Belajar bagi PNS',
  },
  {
    code: 'BKD-KONSULTASI',
    agency: 'BKD',
    name: 'Konsultasi Kepegawaian',
    description: 'Konsultasi tatap muka tentang pangkat, jabatan, SKP, pelatihan dan pensiun.',
    requirements: ['Kartu identitas PNS atau NIP'],
    procedure: ['Ambil nomor antrian', 'Konsultasi dengan petugas'],
    timeLimit: 'Hari yang sama',
    feeRupiah: 0,
    legalBasis: 'UU 25/2009 tentang Pelayanan Publik',
  },
  {
    code: 'DIK-LEGALISIR',
    agency: 'DISDIK',
    name: 'Legalisir Ijazah SMA/SMK/SLB',
    description: 'Pengesahan salinan ijazah dan surat keterangan hasil ujian.',
    requirements: ['Ijazah asli', 'Fotokopi ijazah'],
    procedure: ['Ambil nomor antrian', 'Pencocokan dengan ijazah asli', 'Pengesahan'],
    timeLimit: 'Hari yang sama',
    feeRupiah: 0,
    legalBasis: 'Permendikbudristek tentang Ijazah',
  },
  {
    code: 'DIK-PENGGANTI-IJAZAH',
    agency: 'DISDIK',
    name: 'Surat Keterangan Pengganti Ijazah',
    description: 'Surat keterangan yang berpenghargaan sama dengan ijazah yang hilang atau rusak.',
    requirements: ['Surat keterangan kehilangan dari kepolisian', 'Surat keterangan dari sekolah', 'Fotokopi ijazah jika ada'],
    procedure: ['Verifikasi berkas', 'Penerbitan surat keterangan'],
    timeLimit: '7 hari kerja',
    feeRupiah: 0,
    legalBasis: 'Permendikbudristek tentang Ijazah',
  },
  {
    code: 'DIK-MUTASI-SISWA',
    agency: 'DISDIK',
    name: 'Rekomendasi Mutasi Siswa',
    description: 'Rekomendasi pindah sekolah antar kabupaten/kota atau antar provinsi.',
    requirements: ['Surat pindah dari sekolah asal', 'Surat keterangan diterima dari sekolah tujuan', 'Rapor'],
    procedure: ['Verifikasi berkas', 'Penerbitan rekomendasi'],
    timeLimit: '3 hari kerja',
    feeRupiah: 0,
    legalBasis: 'Permendikbud tentang Penerimaan Peserta Didik Baru',
  },
  {
    code: 'DIK-IZIN-SEKOLAH',
    agency: 'DISDIK',
    name: 'Izin Pendirian dan Operasional Sekolah',
    description: 'Izin pendirian, perubahan dan operasional SMA, SMK dan SLB swasta.',
    requirements: ['Akta yayasan', 'Bukti kepemilikan lahan', 'Rencana induk pengembangan sekolah'],
    procedure: ['Pengajuan berkas', 'Verifikasi lapangan', 'Penerbitan izin'],
    timeLimit: '30 hari kerja',
    feeRupiah: 0,
    legalBasis: 'Permendikbud 36/2014 tentang Pendirian, Perubahan dan Penutupan Satuan Pendidikan',
  },
  {
    code: 'DIK-TPG',
    agency: 'DISDIK',
    name: 'Layanan Tunjangan Profesi Guru',
    description: 'Verifikasi dan pengajuan tunjangan profesi bagi guru bersertifikat pendidik.',
    requirements: ['Sertifikat pendidik', 'Data valid di Dapodik', 'SK pembagian tugas mengajar'],
    procedure: ['Validasi data Dapodik', 'Verifikasi SKTP', 'Pembayaran melalui rekening guru'],
    timeLimit: '14 hari kerja',
    feeRupiah: 0,
    legalBasis: 'PP 41/2009 tentang Tunjangan Profesi Guru dan Dosen',
  },
];

/** Kota Jambi's puskesmas with a queue in the demo; the sandbox's FHIR source knows them by the same code. */
const PUSKESMAS_SERVICES = {
  'DKS-POLI-UMUM': 'A',
  'DKS-KIA-KB': 'B',
  'DKS-IMUNISASI': 'C',
  'DKS-POLI-GIGI': 'D',
  'DKS-LAB': 'E',
  'DKS-SKS': 'F',
};

function puskesmas(code: string, name: string, district: string): DemoOffice {
  return {
    code,
    name,
    kind: 'PUSKESMAS',
    agency: 'DINKES',
    address: `Kec. ${district}, Kota Jambi`,
    regencyCode: '1571',
    services: PUSKESMAS_SERVICES,
    counters: [
      { code: 'L1', name: 'Loket Pendaftaran 1', agency: 'DINKES', services: Object.keys(PUSKESMAS_SERVICES) },
      { code: 'L2', name: 'Loket Pendaftaran 2', agency: 'DINKES', services: Object.keys(PUSKESMAS_SERVICES) },
      { code: 'L3', name: 'Poli Gigi', agency: 'DINKES', services: ['DKS-POLI-GIGI'] },
    ],
  };
}

const CIVIL_REGISTRY_SERVICES = {
  'DUK-KTP-EL': 'A',
  'DUK-KK': 'B',
  'DUK-KIA': 'C',
  'DUK-AKTA-LAHIR': 'D',
  'DUK-AKTA-MATI': 'E',
  'DUK-PINDAH': 'F',
};

function civilRegistryOffice(code: string, name: string, address: string, regencyCode: string): DemoOffice {
  return {
    code,
    name,
    kind: 'CIVIL_REGISTRY_OFFICE',
    agency: 'DISDUKCAPIL',
    address,
    regencyCode,
    services: CIVIL_REGISTRY_SERVICES,
    counters: [
      { code: 'L1', name: 'Loket 1 (KTP-el dan KIA)', agency: 'DISDUKCAPIL', services: ['DUK-KTP-EL', 'DUK-KIA'] },
      { code: 'L2', name: 'Loket 2 (KK dan Pindah Datang)', agency: 'DISDUKCAPIL', services: ['DUK-KK', 'DUK-PINDAH'] },
      { code: 'L3', name: 'Loket 3 (Akta)', agency: 'DISDUKCAPIL', services: ['DUK-AKTA-LAHIR', 'DUK-AKTA-MATI'] },
      { code: 'L4', name: 'Loket 4 (Semua Layanan)', agency: 'DISDUKCAPIL', services: Object.keys(CIVIL_REGISTRY_SERVICES) },
    ],
  };
}

export const DEMO_OFFICES: readonly DemoOffice[] = [
  civilRegistryOffice('DUKCAPIL-KOTA-JAMBI', 'Disdukcapil Kota Jambi', 'Kec. Jambi Selatan, Kota Jambi', '1571'),
  civilRegistryOffice('DUKCAPIL-MUARO-JAMBI', 'Disdukcapil Kabupaten Muaro Jambi', 'Sengeti, Kec. Sekernan, Kabupaten Muaro Jambi', '1505'),
  civilRegistryOffice('DUKCAPIL-BATANGHARI', 'Disdukcapil Kabupaten Batanghari', 'Muara Bulian, Kabupaten Batanghari', '1504'),
  {
    code: 'MPP-KOTA-JAMBI',
    name: 'Mal Pelayanan Publik Kota Jambi',
    kind: 'PUBLIC_SERVICE_MALL',
    agency: null,
    address: 'Kec. Kota Baru, Kota Jambi',
    regencyCode: '1571',
    services: {
      'DUK-KTP-EL': 'A',
      'DUK-KK': 'B',
      'DUK-AKTA-LAHIR': 'C',
      'DKS-SKS': 'H',
      'BKD-KONSULTASI': 'K',
      'DIK-LEGALISIR': 'P',
    },
    counters: [
      { code: 'L1', name: 'Loket 1 Disdukcapil', agency: 'DISDUKCAPIL', services: ['DUK-KTP-EL', 'DUK-KK', 'DUK-AKTA-LAHIR'] },
      { code: 'L2', name: 'Loket 2 Disdukcapil', agency: 'DISDUKCAPIL', services: ['DUK-KTP-EL', 'DUK-KK', 'DUK-AKTA-LAHIR'] },
      { code: 'L3', name: 'Loket 3 Dinas Kesehatan', agency: 'DINKES', services: ['DKS-SKS'] },
      { code: 'L4', name: 'Loket 4 BKD', agency: 'BKD', services: ['BKD-KONSULTASI'] },
      { code: 'L5', name: 'Loket 5 Dinas Pendidikan', agency: 'DISDIK', services: ['DIK-LEGALISIR'] },
    ],
  },
  puskesmas('PKM-PAKUAN-BARU', 'UPTD Puskesmas Pakuan Baru', 'Jambi Selatan'),
  puskesmas('PKM-SIMPANG-KAWAT', 'UPTD Puskesmas Simpang Kawat', 'Jelutung'),
  puskesmas('PKM-OLAK-KEMANG', 'UPTD Puskesmas Olak Kemang', 'Danau Teluk'),
  {
    code: 'RSUD-RADEN-MATTAHER',
    name: 'RSUD Raden Mattaher Jambi',
    kind: 'HOSPITAL',
    agency: 'DINKES',
    address: 'Kec. Jelutung, Kota Jambi',
    regencyCode: '1571',
    services: { 'DKS-POLI-UMUM': 'A', 'DKS-LAB': 'B', 'DKS-SKS': 'C' },
    counters: [
      { code: 'L1', name: 'Pendaftaran Rawat Jalan 1', agency: 'DINKES', services: ['DKS-POLI-UMUM', 'DKS-SKS'] },
      { code: 'L2', name: 'Pendaftaran Rawat Jalan 2', agency: 'DINKES', services: ['DKS-POLI-UMUM', 'DKS-SKS'] },
      { code: 'L3', name: 'Loket Laboratorium', agency: 'DINKES', services: ['DKS-LAB'] },
    ],
  },
  {
    code: 'BKD-PROV-JAMBI',
    name: 'Badan Kepegawaian Daerah Provinsi Jambi',
    kind: 'AGENCY_OFFICE',
    agency: 'BKD',
    address: 'Kec. Telanaipura, Kota Jambi',
    regencyCode: '1571',
    services: {
      'BKD-KENAIKAN-PANGKAT': 'A',
      'BKD-PENSIUN': 'B',
      'BKD-MUTASI': 'C',
      'BKD-KARIS-KARSU': 'D',
      'BKD-IZIN-BELAJAR': 'E',
      'BKD-KONSULTASI': 'F',
    },
    counters: [
      { code: 'L1', name: 'Loket 1 (Pangkat dan Pensiun)', agency: 'BKD', services: ['BKD-KENAIKAN-PANGKAT', 'BKD-PENSIUN'] },
      { code: 'L2', name: 'Loket 2 (Mutasi dan Karis/Karsu)', agency: 'BKD', services: ['BKD-MUTASI', 'BKD-KARIS-KARSU'] },
      { code: 'L3', name: 'Loket 3 (Konsultasi)', agency: 'BKD', services: ['BKD-IZIN-BELAJAR', 'BKD-KONSULTASI'] },
    ],
  },
  {
    code: 'DISDIK-PROV-JAMBI',
    name: 'Dinas Pendidikan Provinsi Jambi',
    kind: 'AGENCY_OFFICE',
    agency: 'DISDIK',
    address: 'Kec. Telanaipura, Kota Jambi',
    regencyCode: '1571',
    services: {
      'DIK-LEGALISIR': 'A',
      'DIK-PENGGANTI-IJAZAH': 'B',
      'DIK-MUTASI-SISWA': 'C',
      'DIK-IZIN-SEKOLAH': 'D',
      'DIK-TPG': 'E',
    },
    counters: [
      { code: 'L1', name: 'Loket 1 (Ijazah dan Mutasi Siswa)', agency: 'DISDIK', services: ['DIK-LEGALISIR', 'DIK-PENGGANTI-IJAZAH', 'DIK-MUTASI-SISWA'] },
      { code: 'L2', name: 'Loket 2 (Sekolah dan Guru)', agency: 'DISDIK', services: ['DIK-IZIN-SEKOLAH', 'DIK-TPG'] },
    ],
  },
];

/** Jenjang of a school as Dapodik names it (SLB: special-needs school). */
export type DemoSchoolLevel = 'SD' | 'SMP' | 'SMA' | 'SMK' | 'SLB';

/**
 * A school of the demo world, as Dinas Pendidikan's Dapodik publishes it (field for field the sandbox world's
 * `School`). SMA, SMK and SLB belong to the province; SD and SMP to Kota Jambi.
 */
export interface DemoSchool {
  /** Nomor Pokok Sekolah Nasional, 8 digits; Jambi's start with 105 (older) or 69 (newer). */
  npsn: string;
  name: string;
  level: DemoSchoolLevel;
  status: 'Negeri' | 'Swasta';
  /** Street address. */
  address: string;
  village: string;
  district: string;
  /** Kemendagri code: 1571 Kota Jambi, 1505 Muaro Jambi, 1504 Batanghari. */
  regencyCode: string;
}

/** The schools the sandbox's Dapodik source serves; villages and districts are those of the sandbox's place names. */
export const DEMO_SCHOOLS: readonly DemoSchool[] = [
  { npsn: '10504750', name: 'SMA Negeri 1 Kota Jambi', level: 'SMA', status: 'Negeri', address: 'Jl. Prof. M. Yamin No. 10', village: 'Lebak Bandung', district: 'Jelutung', regencyCode: '1571' },
  { npsn: '10504733', name: 'SMA Negeri 2 Kota Jambi', level: 'SMA', status: 'Negeri', address: 'Jl. Sultan Hasanuddin No. 2', village: 'Talang Banjar', district: 'Jambi Timur', regencyCode: '1571' },
  { npsn: '10504769', name: 'SMA Negeri 3 Kota Jambi', level: 'SMA', status: 'Negeri', address: 'Jl. Jend. A. Yani No. 3', village: 'Telanaipura', district: 'Telanaipura', regencyCode: '1571' },
  { npsn: '10504781', name: 'SMA Negeri 4 Kota Jambi', level: 'SMA', status: 'Negeri', address: 'Jl. Lingkar Timur No. 18', village: 'Kasang Jaya', district: 'Jambi Timur', regencyCode: '1571' },
  { npsn: '10504712', name: 'SMA Negeri 5 Kota Jambi', level: 'SMA', status: 'Negeri', address: 'Jl. H. Zainir Haviz No. 5', village: 'Paal Lima', district: 'Kota Baru', regencyCode: '1571' },
  { npsn: '10504796', name: 'SMA Negeri 6 Kota Jambi', level: 'SMA', status: 'Negeri', address: 'Jl. Ki Hajar Dewantara No. 6', village: 'Beliung', district: 'Alam Barajo', regencyCode: '1571' },
  { npsn: '10504807', name: 'SMA Negeri 7 Kota Jambi', level: 'SMA', status: 'Negeri', address: 'Jl. Kol. Pol. M. Taher No. 7', village: 'Payo Selincah', district: 'Paal Merah', regencyCode: '1571' },
  { npsn: '10505126', name: 'SMA Negeri 8 Kota Jambi', level: 'SMA', status: 'Negeri', address: 'Jl. Kapten Pattimura No. 8', village: 'Rawasari', district: 'Alam Barajo', regencyCode: '1571' },
  { npsn: '10505144', name: 'SMA Negeri 9 Kota Jambi', level: 'SMA', status: 'Negeri', address: 'Jl. Lingkar Barat No. 9', village: 'Penyengat Rendah', district: 'Telanaipura', regencyCode: '1571' },
  { npsn: '10505217', name: 'SMA Negeri 10 Kota Jambi', level: 'SMA', status: 'Negeri', address: 'Jl. KH. Abdul Qodir Jailani No. 10', village: 'Ulu Gedong', district: 'Danau Teluk', regencyCode: '1571' },
  { npsn: '69725931', name: 'SMA Negeri 11 Kota Jambi', level: 'SMA', status: 'Negeri', address: 'Jl. Lingkar Selatan No. 11', village: 'Talang Bakung', district: 'Paal Merah', regencyCode: '1571' },
  { npsn: '10504801', name: 'SMK Negeri 1 Kota Jambi', level: 'SMK', status: 'Negeri', address: 'Jl. Sultan Agung No. 1', village: 'Beringin', district: 'Pasar Jambi', regencyCode: '1571' },
  { npsn: '10504823', name: 'SMK Negeri 2 Kota Jambi', level: 'SMK', status: 'Negeri', address: 'Jl. Kol. Abunjani No. 20', village: 'Simpang III Sipin', district: 'Kota Baru', regencyCode: '1571' },
  { npsn: '10504838', name: 'SMK Negeri 3 Kota Jambi', level: 'SMK', status: 'Negeri', address: 'Jl. Pangeran Diponegoro No. 3', village: 'Sulanjana', district: 'Jambi Timur', regencyCode: '1571' },
  { npsn: '10504846', name: 'SMK Negeri 4 Kota Jambi', level: 'SMK', status: 'Negeri', address: 'Jl. Sersan Anwar Bay No. 4', village: 'Bagan Pete', district: 'Alam Barajo', regencyCode: '1571' },
  { npsn: '10505162', name: 'SMK Negeri 5 Kota Jambi', level: 'SMK', status: 'Negeri', address: 'Jl. Jend. Sudirman No. 55', village: 'Tambak Sari', district: 'Jambi Selatan', regencyCode: '1571' },
  { npsn: '69944120', name: 'SMK Negeri 6 Kota Jambi', level: 'SMK', status: 'Negeri', address: 'Jl. Pangeran Hidayat No. 6', village: 'Paal Merah', district: 'Paal Merah', regencyCode: '1571' },
  { npsn: '10505210', name: 'SLB Negeri Prof. Dr. Sri Soedewi Masjchun Sofwan', level: 'SLB', status: 'Negeri', address: 'Jl. Prof. Dr. Sri Soedewi No. 1', village: 'Pasir Putih', district: 'Jambi Selatan', regencyCode: '1571' },
  { npsn: '10504772', name: 'SMA Xaverius 1 Jambi', level: 'SMA', status: 'Swasta', address: 'Jl. Kol. Amir Hamzah No. 28', village: 'Selamat', district: 'Danau Sipin', regencyCode: '1571' },
  { npsn: '10504790', name: 'SMA Islam Al-Falah Jambi', level: 'SMA', status: 'Swasta', address: 'Jl. Sultan Thaha No. 15', village: 'Orang Kayo Hitam', district: 'Pasar Jambi', regencyCode: '1571' },
  { npsn: '10505341', name: 'SMA Negeri 1 Muaro Jambi', level: 'SMA', status: 'Negeri', address: 'Jl. Lintas Sengeti No. 1', village: 'Sengeti', district: 'Sekernan', regencyCode: '1505' },
  { npsn: '10505365', name: 'SMA Negeri Titian Teras H. Abdurrahman Sayoeti', level: 'SMA', status: 'Negeri', address: 'Jl. Jambi-Ma. Bulian KM 21', village: 'Pijoan', district: 'Jambi Luar Kota', regencyCode: '1505' },
  { npsn: '10504402', name: 'SMA Negeri 1 Batanghari', level: 'SMA', status: 'Negeri', address: 'Jl. Gajah Mada No. 1', village: 'Rengas Condong', district: 'Muara Bulian', regencyCode: '1504' },
  { npsn: '10504421', name: 'SMK Negeri 1 Batanghari', level: 'SMK', status: 'Negeri', address: 'Jl. Jend. Sudirman No. 30', village: 'Teratai', district: 'Muara Bulian', regencyCode: '1504' },
  { npsn: '10504851', name: 'SMP Negeri 1 Kota Jambi', level: 'SMP', status: 'Negeri', address: 'Jl. Dr. Sutomo No. 1', village: 'Pasar Jambi', district: 'Pasar Jambi', regencyCode: '1571' },
  { npsn: '10504860', name: 'SMP Negeri 4 Kota Jambi', level: 'SMP', status: 'Negeri', address: 'Jl. Hayam Wuruk No. 4', village: 'Jelutung', district: 'Jelutung', regencyCode: '1571' },
  { npsn: '10504873', name: 'SMP Negeri 7 Kota Jambi', level: 'SMP', status: 'Negeri', address: 'Jl. Arif Rahman Hakim No. 7', village: 'Simpang IV Sipin', district: 'Telanaipura', regencyCode: '1571' },
  { npsn: '10504889', name: 'SMP Negeri 11 Kota Jambi', level: 'SMP', status: 'Negeri', address: 'Jl. Sisingamangaraja No. 11', village: 'Wijaya Pura', district: 'Jambi Selatan', regencyCode: '1571' },
  { npsn: '10504895', name: 'SMP Negeri 12 Kota Jambi', level: 'SMP', status: 'Negeri', address: 'Jl. KH. M. Saleh No. 12', village: 'Tengah', district: 'Pelayangan', regencyCode: '1571' },
  { npsn: '10504910', name: 'SMP Negeri 17 Kota Jambi', level: 'SMP', status: 'Negeri', address: 'Jl. Marsda Surya Dharma No. 17', village: 'Kenali Asam Bawah', district: 'Kota Baru', regencyCode: '1571' },
  { npsn: '10505232', name: 'SMP Negeri 22 Kota Jambi', level: 'SMP', status: 'Negeri', address: 'Jl. Sunan Kalijaga No. 22', village: 'Lingkar Selatan', district: 'Paal Merah', regencyCode: '1571' },
  { npsn: '10504955', name: 'SD Negeri 47/IV Kota Jambi', level: 'SD', status: 'Negeri', address: 'Jl. Kapten A. Bakaruddin No. 47', village: 'Talang Jauh', district: 'Jelutung', regencyCode: '1571' },
  { npsn: '10504931', name: 'SD Negeri 16/IV Kota Jambi', level: 'SD', status: 'Negeri', address: 'Jl. Gatot Subroto No. 16', village: 'Sungai Asam', district: 'Pasar Jambi', regencyCode: '1571' },
  { npsn: '10504940', name: 'SD Negeri 31/IV Kota Jambi', level: 'SD', status: 'Negeri', address: 'Jl. Letjen Suprapto No. 31', village: 'The Hok', district: 'Jambi Selatan', regencyCode: '1571' },
  { npsn: '10504962', name: 'SD Negeri 64/IV Kota Jambi', level: 'SD', status: 'Negeri', address: 'Jl. Yos Sudarso No. 64', village: 'Budiman', district: 'Jambi Timur', regencyCode: '1571' },
  { npsn: '10504971', name: 'SD Negeri 79/IV Kota Jambi', level: 'SD', status: 'Negeri', address: 'Jl. Slamet Riyadi No. 79', village: 'Solok Sipin', district: 'Danau Sipin', regencyCode: '1571' },
  { npsn: '10505018', name: 'SD Negeri 102/IV Kota Jambi', level: 'SD', status: 'Negeri', address: 'Jl. Sunan Gunung Jati No. 102', village: 'Suka Karya', district: 'Kota Baru', regencyCode: '1571' },
  { npsn: '10505047', name: 'SD Negeri 131/IV Kota Jambi', level: 'SD', status: 'Negeri', address: 'Jl. Mudung Laut No. 131', village: 'Mudung Laut', district: 'Pelayangan', regencyCode: '1571' },
  { npsn: '10505093', name: 'SD Negeri 184/IV Kota Jambi', level: 'SD', status: 'Negeri', address: 'Jl. Lingkar Barat No. 184', village: 'Kenali Besar', district: 'Alam Barajo', regencyCode: '1571' },
  { npsn: '10504990', name: 'SD Xaverius 1 Jambi', level: 'SD', status: 'Swasta', address: 'Jl. Kol. Amir Hamzah No. 30', village: 'Selamat', district: 'Danau Sipin', regencyCode: '1571' },
];
