/**
 * Attachment bytes on disk, under `<DATA_DIR>/files/<tenant id>/<attachment id>`; metadata in PostgreSQL.
 * Names on disk are ids the server generates, never a client's file name. Files are streamed both ways.
 */
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const ID = /^[0-9a-f-]{36}$/;

/** How a write ended: the bytes read, and whether they were too many (then nothing is left on disk). */
export interface WriteOutcome {
  size: number;
  tooLarge: boolean;
}

export class FileStore {
  constructor(readonly root: string) {}

  private path(tenantId: string, id: string): string {
    if (!ID.test(tenantId) || !ID.test(id)) throw new Error('invalid file id');
    return join(this.root, tenantId, id);
  }

  /**
   * Streams `source` to a new file. Past `maxBytes` the rest of the source is read and dropped (so the request
   * that carries it still completes) and the partial file is removed.
   */
  async write(tenantId: string, id: string, source: Readable, maxBytes: number): Promise<WriteOutcome> {
    const path = this.path(tenantId, id);
    await mkdir(join(this.root, tenantId), { recursive: true });
    let size = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        done(null, size > maxBytes ? undefined : chunk);
      },
    });
    try {
      await pipeline(source, limit, createWriteStream(path, { flags: 'wx' }));
    } catch (e) {
      await this.remove(tenantId, id);
      throw e;
    }
    if (size <= maxBytes) return { size, tooLarge: false };
    await this.remove(tenantId, id);
    return { size, tooLarge: true };
  }

  async open(tenantId: string, id: string): Promise<{ size: number; stream: ReadStream }> {
    const path = this.path(tenantId, id);
    const { size } = await stat(path);
    return { size, stream: createReadStream(path) };
  }

  remove(tenantId: string, id: string): Promise<void> {
    return rm(this.path(tenantId, id), { force: true });
  }
}
