/**
 * Reads one file from a multipart/form-data request as a stream (busboy): the text fields sent before it, then
 * the file's bytes, handed to `store` as they arrive. Nothing is buffered whole. Whatever `store` does not
 * read (a refusal, or bytes past the limit) is drained, so the response goes out after the whole request.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { badInput, validationFailed } from '@funnelcraft/kernel';

export interface UploadedPart {
  /** Text fields sent before the file part. */
  fields: Record<string, string>;
  fileName: string;
  contentType: string;
  content: Readable;
}

export function receiveFile<T>(req: IncomingMessage, fileField: string, maxBytes: number, store: (part: UploadedPart) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // One byte over the limit is read, so the store can tell "exactly the limit" from "more".
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fields: 20, fieldSize: 1024, fileSize: maxBytes + 1 } });
    } catch {
      reject(badInput('Send multipart/form-data', [{ path: 'content-type', message: 'multipart/form-data with a boundary' }]));
      return;
    }
    const fields: Record<string, string> = {};
    let stored: Promise<T> | undefined;
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, content, info) => {
      if (name !== fileField || stored) {
        content.resume();
        return;
      }
      stored = store({ fields: { ...fields }, fileName: info.filename ?? '', contentType: info.mimeType, content });
      stored.catch(() => content.resume());
    });
    parser.on('error', (e: unknown) =>
      reject(badInput(`Malformed multipart body: ${e instanceof Error ? e.message : String(e)}`, [{ path: fileField, message: 'malformed' }])),
    );
    parser.on('close', () => {
      if (stored) stored.then(resolve, reject);
      else reject(validationFailed('No file in the request', [{ path: fileField, message: `required: a part named "${fileField}"` }]));
    });
    req.pipe(parser);
  });
}
