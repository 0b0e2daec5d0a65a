/**
 * How the hub finds {{NAME}}'s source ({{CODE}}): listed in connectors/added.ts, this module says which variables
 * configure it, how its connector is made, and how its sandbox stand-in starts.
 */
import type { ConnectorModule } from '../types.js';
import { create{{Code}}Connector, type {{Code}}Connector, type {{Code}}Settings } from './index.js';

export const {{code}}Module: ConnectorModule<{{Code}}Settings, {{Code}}Connector> = {
  agency: '{{CODE}}',
  urlVariable: '{{CODE}}_URL',
  credentialVariables: ['{{CODE}}_TOKEN'],
  settingsFrom: (read) => ({ url: read('{{CODE}}_URL'), token: read('{{CODE}}_TOKEN') }),
  toEnv: (settings) => ({ {{CODE}}_URL: settings.url, {{CODE}}_TOKEN: settings.token }),
  create: create{{Code}}Connector,
  async startStandIn() {
    // Imported here, not at the top: production never loads the sandbox.
    const { start{{Code}}StandIn } = await import('../../sandbox/{{code}}/stand-in.js');
    const standIn = await start{{Code}}StandIn();
    return { control: standIn, settings: { url: standIn.url, token: standIn.token } };
  },
};
