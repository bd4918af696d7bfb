import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Where evidence files live. Content-addressed: a file's key is the SHA-256 of its bytes, so
 * the same file is kept once and any change to it is visible. The default keeps them under the
 * data folder; an object store can replace it behind this interface.
 */
export interface EvidenceStorage {
  /** Stores the bytes; returns their SHA-256 (hex), which is also the key to read them. */
  put(content: Buffer): Promise<string>;
  get(sha256: string): Promise<Buffer | null>;
  /** Removes the bytes (gone already is fine): for files of a refused request that nothing holds. */
  discard(sha256: string): Promise<void>;
}
export const EVIDENCE_STORAGE = Symbol('EVIDENCE_STORAGE');

/** The key of these bytes, known before they are stored. */
export function sha256Of(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export class FileSystemEvidenceStorage implements EvidenceStorage {
  constructor(private readonly root: string) {}

  private path(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(content: Buffer): Promise<string> {
    const sha256 = sha256Of(content);
    const path = this.path(sha256);
    await mkdir(dirname(path), { recursive: true });
    // Written aside and renamed, so a reader never sees half a file.
    const partial = `${path}.${process.pid}.part`;
    await writeFile(partial, content);
    await rename(partial, path);
    return sha256;
  }

  async discard(sha256: string): Promise<void> {
    if (/^[0-9a-f]{64}$/.test(sha256)) await rm(this.path(sha256), { force: true });
  }

  async get(sha256: string): Promise<Buffer | null> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
    try {
      return await readFile(this.path(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}
