import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../src/project-root.js';

/** The Node flags between `node` and the hub's entry point in a command line. */
function nodeFlags(commandLine: string): string[] | null {
  const flags = /\bnode((?: --\S+)*) (?:\/opt\/sepucuk\/)?dist\/src\/main\.js/.exec(commandLine)?.[1];
  return flags === undefined ? null : flags.split(' ').filter((flag) => flag !== '');
}

describe('the hub is started the same way everywhere', () => {
  it('npm start, the container image and the systemd unit pass node the same flags', async () => {
    const manifest = JSON.parse(await readFile(projectPath('package.json'), 'utf8')) as { scripts: { start: string } };
    const npmStart = nodeFlags(manifest.scripts.start);
    // The young generation's size is what makes a busy hub spend less on garbage collection (docs/operations.md).
    expect(npmStart).toContain('--max-semi-space-size=64');

    const dockerfile = await readFile(projectPath('Dockerfile'), 'utf8');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(nodeFlags((JSON.parse(cmd ?? '[]') as string[]).join(' '))).toEqual(npmStart);

    const unit = await readFile(projectPath('deploy/sepucuk.service'), 'utf8');
    expect(nodeFlags(/^ExecStart=\/usr\/bin\/(.*)$/m.exec(unit)?.[1] ?? '')).toEqual(npmStart);
  });
});
