/**
 * Files attached to a record: listed through the platform API, uploaded as multipart form data to `POST /files`
 * (at most 5 MB, checked here before sending; the server streams it to disk and checks again), downloaded from
 * `/files/<id>` with the session's bearer token and offered as a blob.
 */
import { GraphqlError, type Document } from '../../api/graphql-client';
import { AttachmentsDocument, DeleteAttachmentDocument, type AttachmentsQueryVariables } from '../../api/platform-operations.generated';
import { useSessionStore } from '../../stores/session';
import { saveBlob } from './csv-export';

export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  uploadedAt: string;
  uploadedBy: string | null;
}

export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

const LIST: Document<{ attachments: Attachment[] }, AttachmentsQueryVariables> = AttachmentsDocument;
const DELETE = DeleteAttachmentDocument;

export function useAttachmentsApi() {
  const session = useSessionStore();
  return {
    list: async (object: string, recordId: string) => (await session.request(LIST, { object, recordId })).attachments,
    async upload(object: string, recordId: string, file: File): Promise<Attachment> {
      if (file.size > MAX_ATTACHMENT_BYTES) throw new GraphqlError('LIMIT_EXCEEDED', `${file.name} is larger than 5 MB`);
      // The server reads the fields before the file, so they go first.
      const form = new FormData();
      form.append('object', object);
      form.append('recordId', recordId);
      form.append('file', file, file.name);
      return session.postForm<Attachment>('/files', form);
    },
    remove: async (id: string) => (await session.request(DELETE, { id })).deleteAttachment,
    async download(attachment: Attachment): Promise<void> {
      const response = await fetch(`/files/${encodeURIComponent(attachment.id)}`, {
        headers: session.token ? { authorization: `Bearer ${session.token}` } : {},
      });
      if (!response.ok) throw new GraphqlError(response.status === 404 ? 'NOT_FOUND' : 'NETWORK_ERROR', `HTTP ${response.status}`, [], response.status);
      saveBlob(await response.blob(), attachment.fileName);
    },
  };
}
