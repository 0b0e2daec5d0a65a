/**
 * PGlite opens a data directory without noticing that another process has it open, and two writers corrupt it.
 * This lock file (`<dataDir>.lock`, holding the owner's pid) turns that into a clear start-up error.
 */
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(`the embedded database ${dataDir} is in use by process ${pid}; stop that hub or set PGLITE_DATA_DIR to another directory`);
    this.name = 'DataDirInUseError';
  }
}

/**
 * Lock paths this process holds. Process-wide on purpose: the lock guards against this process too (two hubs in one
 * test process), and a pid match alone cannot tell our lock from a stale one left by an earlier process with the same
 * pid (pid 1 in every container).
 */
const heldByThisProcess = new Set<string>();

/** Takes the lock or throws {@link DataDirInUseError}; a lock left by a dead process is taken over. Returns the release function. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = `${dataDir}.lock`;
  await mkdir(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      heldByThisProcess.add(lockPath);
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        heldByThisProcess.delete(lockPath);
        await rm(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
      const ownerIsUs = owner === process.pid;
      if ((ownerIsUs && heldByThisProcess.has(lockPath)) || (!ownerIsUs && Number.isInteger(owner) && owner > 0 && isAlive(owner))) {
        throw new DataDirInUseError(dataDir, owner);
      }
      await rm(lockPath, { force: true });
    }
  }
  throw new Error(`could not take the lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
