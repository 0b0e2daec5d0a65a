/**
 * What the {{NAME}} stand-in publishes: a few service units in Kota Jambi and Muaro Jambi and the services they offer,
 * in the system's own field names. Sample data written by `npm run new:connector`: make it look like what the real
 * system sends (and, where the hub joins it with other sources, render it from the demo world in sandbox/world).
 */

export interface UnitRecord {
  kode_unit: string;
  nama_unit: string;
  alamat: string;
  kode_wilayah: string;
  layanan: string[];
}

export interface ServiceRecord {
  kode_layanan: string;
  nama_layanan: string;
  deskripsi: string;
  persyaratan: string[] | null;
  prosedur: string[] | null;
  waktu_penyelesaian: string | null;
  tarif: number | null;
  dasar_hukum: string | null;
}

export const SAMPLE_UNITS: readonly UnitRecord[] = [
  {
    kode_unit: 'PROV-JAMBI',
    nama_unit: '{{NAME}} Provinsi Jambi',
    alamat: 'Jl. Jend. Ahmad Yani, Telanaipura, Kota Jambi',
    kode_wilayah: '1571',
    layanan: ['INFORMASI', 'REKOMENDASI'],
  },
  {
    kode_unit: 'UPTD-KOTA-JAMBI',
    nama_unit: 'UPTD {{NAME}} Kota Jambi',
    alamat: 'Jl. Lingkar Selatan, Paal Merah, Kota Jambi',
    kode_wilayah: '1571',
    layanan: ['INFORMASI', 'PERIZINAN'],
  },
  {
    kode_unit: 'UPTD-MUARO-JAMBI',
    nama_unit: 'UPTD {{NAME}} Muaro Jambi',
    alamat: 'Jl. Lintas Timur, Sengeti, Muaro Jambi',
    kode_wilayah: '1505',
    layanan: ['INFORMASI', 'PERIZINAN'],
  },
];

export const SAMPLE_SERVICES: readonly ServiceRecord[] = [
  {
    kode_layanan: 'INFORMASI',
    nama_layanan: 'Layanan Informasi Publik',
    deskripsi: 'Permohonan informasi publik tentang layanan {{NAME}}.',
    persyaratan: ['KTP-el pemohon', 'Formulir permohonan informasi'],
    prosedur: ['Isi formulir permohonan', 'Petugas memeriksa kelengkapan', 'Informasi diserahkan atau pemohon diberi tahu penolakannya'],
    waktu_penyelesaian: '10 hari kerja',
    tarif: 0,
    dasar_hukum: 'UU 14/2008 tentang Keterbukaan Informasi Publik',
  },
  {
    kode_layanan: 'PERIZINAN',
    nama_layanan: 'Perizinan',
    deskripsi: 'Permohonan izin yang menjadi kewenangan {{NAME}}.',
    persyaratan: ['KTP-el pemohon', 'Formulir permohonan', 'Dokumen teknis sesuai jenis izin'],
    prosedur: ['Ajukan permohonan', 'Verifikasi dokumen', 'Pemeriksaan lapangan bila diperlukan', 'Izin diterbitkan'],
    waktu_penyelesaian: '14 hari kerja',
    tarif: null,
    dasar_hukum: null,
  },
  {
    kode_layanan: 'REKOMENDASI',
    nama_layanan: 'Surat Rekomendasi Teknis',
    deskripsi: 'Rekomendasi teknis untuk permohonan ke instansi lain.',
    persyaratan: null,
    prosedur: null,
    waktu_penyelesaian: null,
    tarif: null,
    dasar_hukum: null,
  },
];
