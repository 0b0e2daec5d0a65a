/**
 * The sandbox's demo world: sizes, determinism, well-formed identity numbers that agree with the people they belong
 * to, the joins the hub relies on (teacher -> civil servant by NIP, practitioner -> civil servant by NIK, everyone ->
 * resident by NIK), chronological careers, and the catalog entries the hub already has.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEMO_OFFICES, DEMO_SCHOOLS, DEMO_SERVICES } from '../src/db/seed/demo-catalog.js';
import { nikDatePart, parseNik, parseNip } from '../src/domain/identity.js';
import { DEFAULT_SEED, VISITING_HEALTH_SUBJECT, WORLD_DATE, demoWorld, generateWorld } from '../sandbox/world/generate.js';
import { DISTRICTS, RANKS } from '../sandbox/world/names.js';
import type { CivilServant, Evaluation, Expectation, Person, World } from '../sandbox/world/types.js';

const world = demoWorld();

/** SKP rating from DESIGN.md's matrix (PermenPAN-RB 6/2022): rows are work results, columns behaviour. */
const SKP_MATRIX: Record<Expectation, Record<Expectation, string>> = {
  ABOVE: { BELOW: 'Kurang', AS_EXPECTED: 'Baik', ABOVE: 'Sangat Baik' },
  AS_EXPECTED: { BELOW: 'Kurang', AS_EXPECTED: 'Baik', ABOVE: 'Baik' },
  BELOW: { BELOW: 'Sangat Kurang', AS_EXPECTED: 'Butuh Perbaikan', ABOVE: 'Butuh Perbaikan' },
};
const skpRating = (e: Evaluation): string => SKP_MATRIX[e.results][e.behaviour];

/** Whole years between a birth date and a date, both `YYYY-MM-DD`. */
function ageOn(birthDate: string, date: string): number {
  return Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4)) - (date.slice(5) < birthDate.slice(5) ? 1 : 0);
}

function expectUnique(values: readonly string[], what: string): void {
  const seen = new Set<string>();
  const duplicates = values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
  expect(duplicates, `duplicate ${what}`).toEqual([]);
}

function unitOf(w: World, cs: CivilServant) {
  const unit = w.workUnits.find((u) => u.id === cs.workUnitId);
  if (unit === undefined) throw new Error(`civil servant ${cs.nip} has an unknown work unit`);
  return unit;
}

/** NIK problems of a person: structure, province, and agreement with birth date and sex. */
function nikProblems(p: Pick<Person, 'nik' | 'birthDate' | 'sex'>): string[] {
  const parsed = parseNik(p.nik);
  if (parsed === null) return [`${p.nik}: does not parse`];
  const problems: string[] = [];
  if (parsed.provinceCode !== '15') problems.push(`${p.nik}: province ${parsed.provinceCode}`);
  if (!['1571', '1505', '1504'].includes(parsed.regencyCode)) problems.push(`${p.nik}: regency ${parsed.regencyCode}`);
  if (parsed.sex !== p.sex) problems.push(`${p.nik}: sex ${parsed.sex}, person ${p.sex}`);
  if (p.nik.slice(6, 12) !== nikDatePart(p.birthDate, p.sex)) problems.push(`${p.nik}: date part vs ${p.birthDate}`);
  if (parsed.birthDay !== Number(p.birthDate.slice(8, 10)) || parsed.birthMonth !== Number(p.birthDate.slice(5, 7))) {
    problems.push(`${p.nik}: day/month vs ${p.birthDate}`);
  }
  if (parsed.birthYearTwoDigits !== Number(p.birthDate.slice(2, 4))) problems.push(`${p.nik}: year vs ${p.birthDate}`);
  return problems;
}

describe('sandbox world', () => {
  it('has the sizes the stand-ins are built for', () => {
    expect(world.civilServants.length).toBeGreaterThanOrEqual(1_900);
    expect(world.civilServants.length).toBeLessThanOrEqual(2_100);
    expect(world.teachers.length).toBeGreaterThanOrEqual(550);
    expect(world.teachers.length).toBeLessThanOrEqual(650);
    expect(world.practitioners.length).toBeGreaterThanOrEqual(280);
    expect(world.practitioners.length).toBeLessThanOrEqual(320);
    expect(world.facilities.filter((f) => f.kind === 'PUSKESMAS')).toHaveLength(20);
    expect(world.facilities.filter((f) => f.kind === 'HOSPITAL')).toHaveLength(1);
    expect(world.schools.length).toBeGreaterThanOrEqual(38);
    expect(world.schools.length).toBeLessThanOrEqual(42);
    const everyoneElse = world.residents.length - new Set([...world.civilServants, ...world.teachers, ...world.practitioners].map((p) => p.nik)).size;
    expect(everyoneElse).toBeGreaterThanOrEqual(450);
    expect(everyoneElse).toBeLessThanOrEqual(550);
  });

  it('is deterministic: the same seed gives the same world, another seed another', () => {
    expect(isDeepStrictEqual(generateWorld(7), generateWorld(7))).toBe(true);
    const seven = generateWorld(7);
    const eight = generateWorld(8);
    expect(seven.civilServants[0]?.nik).not.toBe(eight.civilServants[0]?.nik);
    expect(isDeepStrictEqual(seven, eight)).toBe(false);
    expect(demoWorld()).toBe(world);
    expect(isDeepStrictEqual(generateWorld(DEFAULT_SEED).teachers, world.teachers)).toBe(true);
  });

  it('gives every resident a well-formed NIK that agrees with their birth date and sex', () => {
    const people: Pick<Person, 'nik' | 'birthDate' | 'sex'>[] = [...world.residents, ...world.civilServants, ...world.teachers, ...world.practitioners];
    expect(people.flatMap(nikProblems)).toEqual([]);
  });

  it('gives every civil servant a well-formed NIP that agrees with birth date, sex and first appointment', () => {
    const problems: string[] = [];
    for (const cs of world.civilServants) {
      const nip = parseNip(cs.nip);
      if (nip === null) {
        problems.push(`${cs.nip}: does not parse`);
        continue;
      }
      if (nip.birthDate !== cs.birthDate) problems.push(`${cs.nip}: birth date ${cs.birthDate}`);
      if (nip.sex !== cs.sex) problems.push(`${cs.nip}: sex ${cs.sex}`);
      if (nip.appointedMonth !== cs.appointedOn.slice(0, 7)) problems.push(`${cs.nip}: appointed ${cs.appointedOn}`);
      const ageAtAppointment = ageOn(cs.birthDate, cs.appointedOn);
      if (ageAtAppointment < 20 || ageAtAppointment > 35) problems.push(`${cs.nip}: appointed at ${ageAtAppointment}`);
      if (cs.appointedOn > '2024-12-31') problems.push(`${cs.nip}: appointed ${cs.appointedOn}`);
      const age = ageOn(cs.birthDate, WORLD_DATE);
      if (age < 22 || age > 58) problems.push(`${cs.nip}: aged ${age}`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps identifiers unique', () => {
    expectUnique(world.residents.map((p) => p.nik), 'resident NIK');
    expectUnique(world.civilServants.map((c) => c.nik), 'civil servant NIK');
    expectUnique(world.civilServants.map((c) => c.nip), 'NIP');
    expectUnique(world.teachers.map((t) => t.ptkId), 'ptk_id');
    expectUnique(world.teachers.map((t) => t.nik), 'teacher NIK');
    expectUnique(world.teachers.flatMap((t) => (t.nuptk === null ? [] : [t.nuptk])), 'NUPTK');
    expectUnique(world.practitioners.map((p) => p.id), 'practitioner id');
    expectUnique(world.practitioners.map((p) => p.ihsNumber), 'IHS number');
    expectUnique(world.practitioners.map((p) => p.nik), 'practitioner NIK');
    expectUnique(world.practitioners.flatMap((p) => p.roles.map((r) => r.id)), 'practitioner role id');
    expectUnique(world.workUnits.map((u) => u.id), 'work unit id');
    expectUnique(world.residents.map((p) => p.phone), 'phone');
    expectUnique(world.schools.map((s) => s.npsn), 'NPSN');
    expect(world.workUnits.every((u) => /^[0-9a-f]{32}$/.test(u.id))).toBe(true);
    expect(world.practitioners.every((p) => /^\d{11}$/.test(p.ihsNumber))).toBe(true);
    expect(world.teachers.every((t) => t.nuptk === null || /^\d{16}$/.test(t.nuptk))).toBe(true);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(world.teachers.every((t) => uuid.test(t.ptkId))).toBe(true);
    expect(world.practitioners.every((p) => uuid.test(p.id))).toBe(true);
  });

  it('gives everyone a mobile number of "08" and 9 to 11 digits', () => {
    expect(world.residents.filter((p) => !/^08\d{9,11}$/.test(p.phone)).map((p) => p.phone)).toEqual([]);
  });

  it('joins each teacher with a NIP to exactly one civil servant working at that school', () => {
    const byNip = new Map<string, CivilServant[]>();
    for (const cs of world.civilServants) byNip.set(cs.nip, [...(byNip.get(cs.nip) ?? []), cs]);
    const problems: string[] = [];
    for (const teacher of world.teachers) {
      if (teacher.nip === null) continue;
      const matches = byNip.get(teacher.nip) ?? [];
      const cs = matches[0];
      if (matches.length !== 1 || cs === undefined) {
        problems.push(`${teacher.nip}: ${matches.length} civil servants`);
        continue;
      }
      if (cs.name !== teacher.name || cs.birthDate !== teacher.birthDate || cs.sex !== teacher.sex || cs.nik !== teacher.nik) {
        problems.push(`${teacher.nip}: person differs`);
      }
      const school = world.schools.find((s) => s.npsn === teacher.npsn);
      // Health workers who also teach at an SMK work at their puskesmas (and are practitioners there).
      const visiting = teacher.subject === VISITING_HEALTH_SUBJECT && world.practitioners.some((p) => p.nik === cs.nik);
      if (unitOf(world, cs).name !== school?.name && !visiting) problems.push(`${teacher.nip}: works at ${unitOf(world, cs).name}, teaches at ${school?.name}`);
      if (teacher.employment !== 'PNS' || teacher.rankCode !== cs.ranks.at(-1)?.code) problems.push(`${teacher.nip}: employment or rank`);
    }
    expect(problems).toEqual([]);
    const share = world.teachers.filter((t) => t.nip !== null).length / world.teachers.length;
    expect(share).toBeGreaterThanOrEqual(0.7);
    expect(share).toBeLessThanOrEqual(0.8);
    expect(world.teachers.filter((t) => t.nip === null).every((t) => t.employment !== 'PNS' && t.rankCode === null)).toBe(true);
  });

  it('gives every school its teachers and exactly one Kepala Sekolah', () => {
    for (const school of world.schools) {
      const staff = world.teachers.filter((t) => t.npsn === school.npsn);
      expect(staff.length, school.name).toBeGreaterThanOrEqual(8);
      expect(staff.filter((t) => t.role === 'Kepala Sekolah'), school.name).toHaveLength(1);
    }
  });

  it('joins practitioners who are civil servants to a health unit through the NIK', () => {
    const byNik = new Map(world.civilServants.map((cs) => [cs.nik, cs]));
    let joined = 0;
    for (const p of world.practitioners) {
      const cs = byNik.get(p.nik);
      if (cs === undefined) continue;
      joined++;
      expect(unitOf(world, cs).agency, p.name).toBe('DINKES');
      expect([cs.sex, cs.birthDate]).toEqual([p.sex, p.birthDate]);
      expect(p.name).toBe(cs.frontTitle === 'dr.' || cs.frontTitle === 'drg.' ? `${cs.frontTitle} ${cs.name}` : cs.name);
    }
    expect(joined / world.practitioners.length).toBeGreaterThanOrEqual(0.8);
    const organizations = new Set(world.facilities.map((f) => f.organizationId));
    for (const p of world.practitioners) {
      expect(p.roles.length).toBeGreaterThanOrEqual(1);
      expect(p.roles.every((r) => organizations.has(r.organizationId))).toBe(true);
      expect(new Set(p.roles.map((r) => r.organizationId)).size).toBe(p.roles.length);
    }
    expect(world.practitioners.filter((p) => p.roles.length === 2).length).toBeGreaterThan(0);
  });

  it('rates SKP with every one of the five ratings, one evaluation a year from 2022 for those appointed before it', () => {
    const ratings = new Set(world.civilServants.flatMap((cs) => cs.evaluations.map(skpRating)));
    expect([...ratings].sort()).toEqual(['Baik', 'Butuh Perbaikan', 'Kurang', 'Sangat Baik', 'Sangat Kurang']);
    for (const cs of world.civilServants) {
      expect(cs.evaluations.map((e) => e.year)).toEqual(cs.appointedOn < '2022-01-01' ? [2022, 2023, 2024, 2025] : []);
    }
  });

  it('keeps careers chronological: ranks, positions and trainings', () => {
    const problems: string[] = [];
    const rankNames = new Map(RANKS.map((r, i) => [r.code, { name: r.name, index: i }]));
    for (const cs of world.civilServants) {
      const first = cs.ranks[0];
      if (first === undefined || first.since !== cs.appointedOn) problems.push(`${cs.nip}: first rank not at appointment`);
      if (first !== undefined && !['II/a', 'II/c', 'III/a', 'III/b'].includes(first.code)) problems.push(`${cs.nip}: entry rank ${first.code}`);
      cs.ranks.forEach((rank, i) => {
        const known = rankNames.get(rank.code);
        if (known?.name !== rank.name) problems.push(`${cs.nip}: rank ${rank.code} named ${rank.name}`);
        if (!/^800\/\d+\/(BKD|BKPSDM)\/\d{4}$/.test(rank.decree)) problems.push(`${cs.nip}: decree ${rank.decree}`);
        const previous = cs.ranks[i - 1];
        if (previous !== undefined) {
          if (rank.since <= previous.since) problems.push(`${cs.nip}: rank ${rank.code} not after ${previous.code}`);
          if (known?.index !== (rankNames.get(previous.code)?.index ?? -2) + 1) problems.push(`${cs.nip}: rank skips to ${rank.code}`);
        }
        if (rank.since > WORLD_DATE) problems.push(`${cs.nip}: rank in the future`);
      });
      cs.positions.forEach((position, i) => {
        const previous = cs.positions[i - 1];
        if (previous !== undefined && position.since < previous.since) problems.push(`${cs.nip}: position ${position.name} before ${previous.name}`);
        if (position.since < cs.appointedOn || position.since > WORLD_DATE) problems.push(`${cs.nip}: position ${position.name} at ${position.since}`);
        if (position.workUnitId !== cs.workUnitId) problems.push(`${cs.nip}: position in another unit`);
      });
      if (cs.positions.length === 0) problems.push(`${cs.nip}: no position`);
      cs.trainings.forEach((training, i) => {
        const previous = cs.trainings[i - 1];
        if (previous !== undefined && training.startDate < previous.startDate) problems.push(`${cs.nip}: trainings out of order`);
        if (training.startDate < cs.appointedOn) problems.push(`${cs.nip}: ${training.name} before appointment`);
        if (training.endDate < training.startDate || training.endDate >= WORLD_DATE) problems.push(`${cs.nip}: ${training.name} ends ${training.endDate}`);
        if (training.hours < 8 || training.hours > 200) problems.push(`${cs.nip}: ${training.name} of ${training.hours} JP`);
      });
      if (cs.appointedOn >= '2018-01-01' && !cs.trainings.some((t) => t.kind === 'DIKLAT' && t.name.startsWith('Pelatihan Dasar CPNS'))) {
        problems.push(`${cs.nip}: appointed ${cs.appointedOn} without Latsar`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has about 15% without training in the last 24 months, and a few with none at all', () => {
    const idle = world.civilServants.filter((cs) => !cs.trainings.some((t) => t.endDate >= '2024-11-25'));
    const share = idle.length / world.civilServants.length;
    expect(share).toBeGreaterThanOrEqual(0.1);
    expect(share).toBeLessThanOrEqual(0.2);
    expect(world.civilServants.filter((cs) => cs.trainings.length === 0).length).toBeGreaterThan(0);
    expect(Math.max(...world.civilServants.map((cs) => cs.trainings.length))).toBeLessThanOrEqual(10);
    const kinds = new Set(world.civilServants.flatMap((cs) => cs.trainings.map((t) => t.kind)));
    expect([...kinds].sort()).toEqual(['DIKLAT', 'KURSUS']);
  });

  it('has a Person in the civil registry for every civil servant, teacher and practitioner', () => {
    const residents = new Map(world.residents.map((p) => [p.nik, p]));
    const missing = [...world.civilServants, ...world.teachers, ...world.practitioners].filter((p) => !residents.has(p.nik)).map((p) => p.nik);
    expect(missing).toEqual([]);
    for (const cs of world.civilServants) {
      expect(residents.get(cs.nik)).toEqual({
        nik: cs.nik, name: cs.name, sex: cs.sex, birthDate: cs.birthDate, birthPlace: cs.birthPlace, phone: cs.phone, address: cs.address, regencyCode: cs.regencyCode,
      });
    }
    const years = world.residents.map((p) => Number(p.birthDate.slice(0, 4)));
    expect(years.some((y) => y > 2010)).toBe(true);
    expect(world.residents.some((p) => ageOn(p.birthDate, WORLD_DATE) > 60)).toBe(true);
  });

  it('has work units for the four agencies, their schools and facilities, and some outside the four', () => {
    const byName = new Map(world.workUnits.map((u) => [u.name, u]));
    for (const [name, agency, government] of [
      ['Badan Kepegawaian Daerah Provinsi Jambi', 'BKD', 'PROVINSI_JAMBI'],
      ['Dinas Pendidikan Provinsi Jambi', 'DISDIK', 'PROVINSI_JAMBI'],
      ['Dinas Kesehatan Provinsi Jambi', 'DINKES', 'PROVINSI_JAMBI'],
      ['RSUD Raden Mattaher Jambi', 'DINKES', 'PROVINSI_JAMBI'],
      ['Dinas Kependudukan dan Pencatatan Sipil Provinsi Jambi', 'DISDUKCAPIL', 'PROVINSI_JAMBI'],
      ['Dinas Pendidikan Kota Jambi', 'DISDIK', 'KOTA_JAMBI'],
      ['Dinas Kesehatan Kota Jambi', 'DINKES', 'KOTA_JAMBI'],
      ['Dinas Kependudukan dan Pencatatan Sipil Kota Jambi', 'DISDUKCAPIL', 'KOTA_JAMBI'],
    ] as const) {
      expect(byName.get(name), name).toMatchObject({ agency, government });
    }
    expect(world.workUnits.filter((u) => u.agency === null && u.government === 'PROVINSI_JAMBI').length).toBeGreaterThanOrEqual(2);
    expect(world.workUnits.filter((u) => u.agency === null && u.government === 'KOTA_JAMBI').length).toBeGreaterThanOrEqual(1);
    for (const school of world.schools.filter((s) => s.status === 'Negeri')) {
      const parent = ['SMA', 'SMK', 'SLB'].includes(school.level) ? 'Dinas Pendidikan Provinsi Jambi' : 'Dinas Pendidikan Kota Jambi';
      expect(byName.get(school.name)?.parentId, school.name).toBe(byName.get(parent)?.id);
    }
    for (const facility of world.facilities.filter((f) => f.kind === 'PUSKESMAS')) {
      expect(byName.get(facility.name)?.parentId, facility.name).toBe(byName.get('Dinas Kesehatan Kota Jambi')?.id);
    }
    const perAgency = new Map<string, number>();
    for (const cs of world.civilServants) {
      const agency = unitOf(world, cs).agency ?? 'OTHER';
      perAgency.set(agency, (perAgency.get(agency) ?? 0) + 1);
    }
    // Teachers and health workers are most of the civil service.
    expect((perAgency.get('DISDIK') ?? 0) + (perAgency.get('DINKES') ?? 0)).toBeGreaterThan(world.civilServants.length / 2);
    for (const agency of ['BKD', 'DISDIK', 'DINKES', 'DISDUKCAPIL', 'OTHER']) expect(perAgency.get(agency), agency).toBeGreaterThan(20);
  });

  it('has the schools of the demo catalog in known villages and districts', () => {
    expect(world.schools).toEqual(DEMO_SCHOOLS);
    for (const school of world.schools) {
      expect(school.npsn).toMatch(/^(105|69)\d{5,6}$/);
      expect(school.npsn).toHaveLength(8);
      const district = DISTRICTS.find((d) => d.name === school.district && d.regencyCode === school.regencyCode);
      expect(district?.villages.map((v) => v.name), school.name).toContain(school.village);
    }
  });

  it('has the demo catalog\'s puskesmas and hospital, each with its health services', () => {
    const byName = new Map(world.facilities.map((f) => [f.name, f]));
    expect(byName.get('UPTD Puskesmas Pakuan Baru')).toMatchObject({ kind: 'PUSKESMAS', district: 'Jambi Selatan' });
    expect(byName.get('UPTD Puskesmas Simpang Kawat')).toMatchObject({ kind: 'PUSKESMAS', district: 'Jelutung' });
    expect(byName.get('UPTD Puskesmas Olak Kemang')).toMatchObject({ kind: 'PUSKESMAS', district: 'Danau Teluk' });
    expect(byName.get('RSUD Raden Mattaher Jambi')).toMatchObject({ kind: 'HOSPITAL', facilityCode: '1571015', serviceTypes: ['POLI-UMUM', 'LAB', 'SKS'] });
    expect(world.healthServiceTypes.map((t) => t.code)).toEqual(['POLI-UMUM', 'KIA-KB', 'IMUNISASI', 'POLI-GIGI', 'LAB', 'SKS']);
    const hubServices = new Set(DEMO_SERVICES.map((s) => s.code));
    expect(world.healthServiceTypes.every((t) => hubServices.has(`DKS-${t.code}`))).toBe(true);
    for (const f of world.facilities) {
      if (f.kind === 'PUSKESMAS') {
        expect(f.serviceTypes).toEqual(world.healthServiceTypes.map((t) => t.code));
        expect(f.facilityCode).toMatch(new RegExp(`^P${f.districtCode}\\d{4}$`));
      }
      expect(Object.keys(f.healthcareServiceIds).sort()).toEqual([...f.serviceTypes].sort());
      const district = DISTRICTS.find((d) => d.code === f.districtCode);
      expect(district?.name, f.name).toBe(f.district);
      expect(district?.villages.find((v) => v.code === f.villageCode)?.name, f.name).toBe(f.village);
      expect([f.provinceCode, f.regencyCode]).toEqual(['15', '1571']);
      expect(f.districtCode.startsWith(f.regencyCode) && f.villageCode.startsWith(f.districtCode)).toBe(true);
    }
    expectUnique(world.facilities.flatMap((f) => Object.values(f.healthcareServiceIds)), 'HealthcareService id');
    expectUnique(world.facilities.map((f) => f.facilityCode), 'facility code');
  });

  it('publishes the demo catalog\'s civil-registry services and offices, and one office the hub does not know yet', () => {
    const catalog = DEMO_SERVICES.filter((s) => s.agency === 'DISDUKCAPIL');
    expect(world.registryServices).toEqual(
      catalog.map((s) => ({
        code: s.code.replace(/^DUK-/, ''),
        name: s.name,
        description: s.description,
        requirements: s.requirements,
        procedure: s.procedure,
        timeLimit: s.timeLimit,
        feeRupiah: s.feeRupiah,
        legalBasis: s.legalBasis,
      })),
    );
    expect(world.registryServices.every((s) => s.feeRupiah === 0)).toBe(true);
    const offices = DEMO_OFFICES.filter((o) => o.kind === 'CIVIL_REGISTRY_OFFICE');
    for (const office of offices) {
      expect(world.registryOffices.find((o) => `DUKCAPIL-${o.code}` === office.code)).toMatchObject({
        name: office.name,
        regencyCode: office.regencyCode,
        serviceCodes: Object.keys(office.services).map((c) => c.replace(/^DUK-/, '')),
      });
    }
    expect(world.registryOffices.find((o) => o.code === 'ALAM-BARAJO')).toMatchObject({
      name: 'UPT Disdukcapil Kecamatan Alam Barajo',
      regencyCode: '1571',
      serviceCodes: ['KTP-EL', 'KK'],
    });
    expect(world.registryOffices).toHaveLength(offices.length + 1);
  });
});
