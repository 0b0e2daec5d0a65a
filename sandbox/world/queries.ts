/**
 * People of the demo world that tests and benchmarks need: who is in which system, found by the same joins the hub makes.
 */
import type { CivilServant, World } from './types.js';

/** Civil servants with a Dapodik GTK record (by NIP). */
export function teachersInBkd(world: World): CivilServant[] {
  const nips = new Set(world.teachers.flatMap((t) => (t.nip === null ? [] : [t.nip])));
  return world.civilServants.filter((c) => nips.has(c.nip));
}

/** Civil servants with a SATUSEHAT practitioner record (by NIK). */
export function practitionersInBkd(world: World): CivilServant[] {
  const niks = new Set(world.practitioners.map((p) => p.nik));
  return world.civilServants.filter((c) => niks.has(c.nik));
}

/** Civil servants in both sector systems: a BKD record, a school in Dapodik and a facility in SATUSEHAT. */
export function inAllThreeSystems(world: World): CivilServant[] {
  const practitioners = new Set(practitionersInBkd(world).map((c) => c.nip));
  return teachersInBkd(world).filter((c) => practitioners.has(c.nip));
}

/** A well-formed NIP that no system knows. */
export const UNKNOWN_NIP = '197001011995031999';
