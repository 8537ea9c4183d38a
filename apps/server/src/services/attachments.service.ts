/**
 * Files attached to records: metadata in PostgreSQL, bytes in the file store. Uploads arrive as a stream
 * (multipart, see files.controller.ts) and are written to disk as they come, never held whole in memory.
 */
import type { Readable } from 'node:stream';
import type { Session } from '@funnelcraft/auth';
import { DomainError, ErrorCode, uuidv7, validationFailed, type ErrorDetail } from '@funnelcraft/kernel';
import { authorize, getRecord, type RecordContext } from '@funnelcraft/records';
import { deleteAttachment, findAttachment, insertAttachment, listAttachments, type Attachment, type PlatformOrm, type Pool } from '@funnelcraft/storage';
import type { ReadStream } from 'node:fs';
import type { FileStore } from '../file-store.js';
import type { TenantSchemas } from '../tenant-schemas.js';
import { assertUuid } from './ids.js';
import { recordContextFor } from './record-context.js';

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

export interface UploadInput {
  object?: string;
  recordId?: string;
  fileName: string;
  contentType: string;
}

// Control characters and path separators cannot be part of a stored file name.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const cleanFileName = (name: string) => name.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 255);
const cleanContentType = (type: string) => (/^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : 'application/octet-stream');

export class AttachmentsService {
  constructor(
    private readonly pool: Pool,
    private readonly orm: PlatformOrm,
    private readonly schemas: TenantSchemas,
    private readonly files: FileStore,
  ) {}

  /** The files of a record the user can read (none for a record they cannot). */
  async list(session: Session, object: string, recordId: string): Promise<Attachment[]> {
    assertUuid(recordId, 'recordId');
    if (!(await getRecord(await recordContextFor(this.pool, this.orm, this.schemas, session), object, recordId))) return [];
    return listAttachments(this.orm, session.tenant.id, object, recordId);
  }

  /**
   * Stores a file for a record the user can read: at most MAX_ATTACHMENT_BYTES and not empty. A refused
   * upload leaves neither a file nor a row.
   */
  async upload(session: Session, input: UploadInput, content: Readable): Promise<Attachment> {
    const object = input.object ?? '';
    const recordId = input.recordId ?? '';
    const fileName = cleanFileName(input.fileName);
    const problems: ErrorDetail[] = [
      ...(object ? [] : [{ path: 'object', message: 'required (send it before the file)' }]),
      ...(recordId ? [] : [{ path: 'recordId', message: 'required (send it before the file)' }]),
      ...(fileName ? [] : [{ path: 'file', message: 'the file needs a name' }]),
    ];
    if (problems.length) throw validationFailed('Invalid upload', problems);
    assertUuid(recordId, 'recordId');
    const ctx = await recordContextFor(this.pool, this.orm, this.schemas, session);
    const record = await getRecord(ctx, object, recordId);
    if (record) authorize(ctx, 'update', object);
    if (!record) throw new DomainError(ErrorCode.NotFound, `${object} ${recordId} not found`, [{ path: 'recordId', message: 'not found' }]);
    const id = uuidv7();
    const written = await this.files.write(session.tenant.id, id, content, MAX_ATTACHMENT_BYTES);
    if (written.tooLarge) {
      throw new DomainError(ErrorCode.LimitExceeded, `Files may be at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`, [
        { path: 'file', message: `more than ${MAX_ATTACHMENT_BYTES} bytes`, max: MAX_ATTACHMENT_BYTES },
      ]);
    }
    if (written.size === 0) {
      await this.files.remove(session.tenant.id, id);
      throw validationFailed('The file is empty', [{ path: 'file', message: '0 bytes' }]);
    }
    try {
      return await insertAttachment(this.orm, {
        id,
        tenantId: session.tenant.id,
        object,
        recordId,
        fileName,
        contentType: cleanContentType(input.contentType),
        size: written.size,
        uploadedBy: session.actor.userId,
      });
    } catch (e) {
      await this.files.remove(session.tenant.id, id);
      throw e;
    }
  }

  /**
   * An attachment of this tenant on a record the user can read (the record's scope decides, as for the record
   * itself); undefined otherwise: a file of a record outside the user's scope is not there for them.
   */
  private async readable(session: Session, id: string): Promise<{ attachment: Attachment; ctx: RecordContext } | undefined> {
    assertUuid(id, 'id');
    const attachment = await findAttachment(this.orm, session.tenant.id, id);
    if (!attachment) return undefined;
    const ctx = await recordContextFor(this.pool, this.orm, this.schemas, session);
    // A file of an object deleted since: only those whose reads are not limited still reach it.
    if (!ctx.model.byName.has(attachment.object)) return authorize(ctx, 'read', attachment.object) === undefined ? { attachment, ctx } : undefined;
    return (await getRecord(ctx, attachment.object, attachment.recordId)) ? { attachment, ctx } : undefined;
  }

  /** An attachment's metadata and a stream of its bytes; undefined when the user cannot read it (see readable). */
  async open(session: Session, id: string): Promise<{ attachment: Attachment; size: number; stream: ReadStream } | undefined> {
    const found = await this.readable(session, id);
    if (!found) return undefined;
    return { attachment: found.attachment, ...(await this.files.open(session.tenant.id, id)) };
  }

  /** Deletes a file of a record the user can read and may edit (FORBIDDEN without edit); false when there is no such file for them. */
  async remove(session: Session, id: string): Promise<boolean> {
    const found = await this.readable(session, id);
    if (!found) return false;
    authorize(found.ctx, 'update', found.attachment.object);
    const deleted = await deleteAttachment(this.orm, session.tenant.id, id);
    if (deleted) await this.files.remove(session.tenant.id, id);
    return deleted;
  }
}
