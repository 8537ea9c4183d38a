/** Metadata of files attached to records (the bytes live on disk, see the server's file store). */
import type { Queryable } from './db.js';

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

const COLUMNS = 'id, object, record_id AS "recordId", file_name AS "fileName", content_type AS "contentType", size, uploaded_at AS "uploadedAt", uploaded_by AS "uploadedBy"';

export async function listAttachments(db: Queryable, tenantId: string, object: string, recordId: string): Promise<Attachment[]> {
  const { rows } = await db.query<Attachment>(
    `SELECT ${COLUMNS} FROM platform.attachments WHERE tenant_id = $1 AND object = $2 AND record_id = $3::uuid ORDER BY uploaded_at DESC`, [tenantId, object, recordId]);
  return rows;
}

export async function findAttachment(db: Queryable, tenantId: string, id: string): Promise<Attachment | undefined> {
  const { rows } = await db.query<Attachment>(`SELECT ${COLUMNS} FROM platform.attachments WHERE tenant_id = $1 AND id = $2::uuid`, [tenantId, id]);
  return rows[0];
}

export async function insertAttachment(db: Queryable, a: Omit<Attachment, 'id' | 'uploadedAt'> & { id: string; tenantId: string }): Promise<Attachment> {
  const { rows } = await db.query<Attachment>(
    `INSERT INTO platform.attachments (id, tenant_id, object, record_id, file_name, content_type, size, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
    [a.id, a.tenantId, a.object, a.recordId, a.fileName, a.contentType, a.size, a.uploadedBy]);
  return rows[0]!;
}

export async function deleteAttachment(db: Queryable, tenantId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM platform.attachments WHERE tenant_id = $1 AND id = $2::uuid', [tenantId, id]);
  return (rowCount ?? 0) > 0;
}
