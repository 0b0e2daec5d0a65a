/**
 * {{NAME}}'s case in the shared connector contract suite (./contract.test.ts, listed in ./added-cases.ts): the
 * connector against the sandbox's {{CODE}} stand-in, checked on its keyed read, units by code.
 */
import { create{{Code}}Connector, type {{Code}}Connector } from '../../connectors/{{code}}/index.js';
import { {{code}}Module } from '../../connectors/{{code}}/module.js';
import type { SourceOffice } from '../../connectors/types.js';
import { SAMPLE_UNITS } from '../../sandbox/{{code}}/data.js';
import type { AddedContractCase } from './contract-case.js';

export const {{code}}ContractCase: AddedContractCase = (sandbox) => ({
  agency: '{{CODE}}',
  connector: (deps) => create{{Code}}Connector(sandbox().addedSettings({{code}}Module), deps),
  keyed: (connector) => {
    const [a, b] = SAMPLE_UNITS;
    return {
      read: (refs) => (connector as {{Code}}Connector).units.units(refs),
      present: [a!.kode_unit, b!.kode_unit],
      missing: 'TIDAK-ADA',
      belongsTo: (ref, office) => (office as SourceOffice).ref === ref,
    };
  },
});
