/**
 * Files attached to a record: listed and uploaded through GraphQL (base64, at most 5 MB, checked here before
 * sending), downloaded from `/files/<id>` with the session's bearer token and offered as a blob.
 */
import { GraphqlError, gql } from '../../api/graphql-client';
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

const FIELDS = 'id fileName contentType size uploadedAt uploadedBy';
const LIST = gql<{ attachments: Attachment[] }, { object: string; recordId: string }>(
  `query Attachments($object: String!, $recordId: ID!) { attachments(object: $object, recordId: $recordId) { ${FIELDS} } }`,
);
const UPLOAD = gql<{ uploadAttachment: Attachment }, { object: string; recordId: string; fileName: string; contentType: string; contentBase64: string }>(
  `mutation UploadAttachment($object: String!, $recordId: ID!, $fileName: String!, $contentType: String!, $contentBase64: String!) {
    uploadAttachment(object: $object, recordId: $recordId, fileName: $fileName, contentType: $contentType, contentBase64: $contentBase64) { ${FIELDS} }
  }`,
);
const DELETE = gql<{ deleteAttachment: boolean }, { id: string }>('mutation DeleteAttachment($id: ID!) { deleteAttachment(id: $id) }');

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result ?? '');
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
}

export function useAttachmentsApi() {
  const session = useSessionStore();
  return {
    list: async (object: string, recordId: string) => (await session.request(LIST, { object, recordId })).attachments,
    async upload(object: string, recordId: string, file: File): Promise<Attachment> {
      if (file.size > MAX_ATTACHMENT_BYTES) throw new GraphqlError('LIMIT_EXCEEDED', `${file.name} is larger than 5 MB`);
      const contentBase64 = await readBase64(file);
      return (await session.request(UPLOAD, { object, recordId, fileName: file.name, contentType: file.type || 'application/octet-stream', contentBase64 })).uploadAttachment;
    },
    remove: async (id: string) => (await session.request(DELETE, { id })).deleteAttachment,
    async download(attachment: Attachment): Promise<void> {
      const response = await fetch(`/files/${encodeURIComponent(attachment.id)}`, { headers: session.token ? { authorization: `Bearer ${session.token}` } : {} });
      if (!response.ok) throw new GraphqlError(response.status === 404 ? 'NOT_FOUND' : 'NETWORK_ERROR', `HTTP ${response.status}`, [], response.status);
      saveBlob(await response.blob(), attachment.fileName);
    },
  };
}
