/**
 * Attachment bytes on disk, under `<DATA_DIR>/files/<tenant id>/<attachment id>`; metadata in PostgreSQL.
 * Names on disk are ids the server generates, never a client's file name.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const ID = /^[0-9a-f-]{36}$/;

export class FileStore {
  constructor(private readonly root: string) {}

  private path(tenantId: string, id: string): string {
    if (!ID.test(tenantId) || !ID.test(id)) throw new Error('invalid file id');
    return join(this.root, tenantId, id);
  }

  async write(tenantId: string, id: string, bytes: Buffer): Promise<void> {
    await mkdir(join(this.root, tenantId), { recursive: true });
    await writeFile(this.path(tenantId, id), bytes, { flag: 'wx' });
  }

  read(tenantId: string, id: string): Promise<Buffer> {
    return readFile(this.path(tenantId, id));
  }

  remove(tenantId: string, id: string): Promise<void> {
    return rm(this.path(tenantId, id), { force: true });
  }
}
