/** Metadata of files attached to records (the bytes live on disk, see the server's file store); ORM entities. */
import { AttachmentEntity } from './orm/platform-entities.js';
import { emOf, type PlatformDb } from './orm/platform-orm.js';

export interface Attachment {
  id: string;
  object: string;
  recordId: string;
  fileName: string;
  contentType: string;
  size: number;
  uploadedAt: string;
  uploadedBy: string | null;
}

const toAttachment = (a: AttachmentEntity): Attachment => ({
  id: a.id,
  object: a.object,
  recordId: a.recordId,
  fileName: a.fileName,
  contentType: a.contentType,
  size: a.size,
  uploadedAt: a.uploadedAt,
  uploadedBy: a.uploadedBy?.id ?? null,
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function listAttachments(db: PlatformDb, tenantId: string, object: string, recordId: string): Promise<Attachment[]> {
  if (!UUID.test(recordId)) return [];
  return (await emOf(db).find(AttachmentEntity, { tenant: tenantId, object, recordId }, { orderBy: { uploadedAt: 'desc' } })).map(toAttachment);
}

export async function findAttachment(db: PlatformDb, tenantId: string, id: string): Promise<Attachment | undefined> {
  const a = UUID.test(id) ? await emOf(db).findOne(AttachmentEntity, { tenant: tenantId, id }) : null;
  return a ? toAttachment(a) : undefined;
}

export async function insertAttachment(db: PlatformDb, a: Omit<Attachment, 'id' | 'uploadedAt'> & { id: string; tenantId: string }): Promise<Attachment> {
  const em = emOf(db);
  const row = em.create(
    AttachmentEntity,
    {
      id: a.id,
      tenant: a.tenantId,
      object: a.object,
      recordId: a.recordId,
      fileName: a.fileName,
      contentType: a.contentType,
      size: a.size,
      uploadedBy: a.uploadedBy,
    },
    { partial: true },
  );
  await em.flush();
  return toAttachment(row);
}

export async function deleteAttachment(db: PlatformDb, tenantId: string, id: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  return (await emOf(db).nativeDelete(AttachmentEntity, { tenant: tenantId, id })) > 0;
}
