import { chmod, mkdir } from 'node:fs/promises';

/** Mode of every file the development sinks write: they hold names, addresses and live answer links. */
export const OWNER_ONLY_FILE = 0o600;

/**
 * Creates `directory` (and missing parents) readable by the engine's user only, and narrows a
 * directory or files left wider by an earlier version; `files` that do not exist yet are skipped.
 */
export async function ownerOnlyDirectory(directory: string, files: string[] = []): Promise<void> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  await chmod(directory, 0o700);
  for (const file of files) {
    await chmod(file, OWNER_ONLY_FILE).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') {
        throw error;
      }
    });
  }
}
