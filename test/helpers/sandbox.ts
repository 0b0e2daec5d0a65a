/**
 * One set of sandbox stand-ins per test file (each file runs in its own process), shared by the hubs the file starts:
 * starting the civil registry's database takes seconds. A test that changes a stand-in's faults clears them after
 * itself (`sandbox.reset()`); a file that needs stand-ins nobody else touches starts its own with `startSandbox()`.
 */
import { startSandbox, type Sandbox } from '../../sandbox/index.js';

let shared: Promise<Sandbox> | undefined;

export function sharedSandbox(): Promise<Sandbox> {
  shared ??= startSandbox();
  return shared;
}
