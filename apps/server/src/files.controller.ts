/**
 * Attachment bytes: `POST /files` (multipart/form-data: object, recordId, then file) streams an upload to disk;
 * `GET /files/:id` streams it back. Both need the bearer token (AuthGuard); the tenant comes from it.
 */
import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { pipeline } from 'node:stream/promises';
import type { Session } from '@funnelcraft/auth';
import { notFound } from '@funnelcraft/kernel';
import type { Attachment } from '@funnelcraft/storage';
import type { Request, Response } from 'express';
import { errorBody } from './domain-error.filter.js';
import { receiveFile } from './multipart-upload.js';
import { CurrentSession } from './platform-api/auth/current-session.decorator.js';
import { AttachmentsService, MAX_ATTACHMENT_BYTES } from './services/attachments.service.js';

@Controller('files')
export class FilesController {
  constructor(@Inject(AttachmentsService) private readonly attachments: AttachmentsService) {}

  @Post()
  @HttpCode(201)
  async upload(@CurrentSession() session: Session, @Req() req: Request): Promise<Attachment & { url: string }> {
    const attachment = await receiveFile(req, 'file', MAX_ATTACHMENT_BYTES, (part) =>
      this.attachments.upload(
        session,
        { object: part.fields['object'], recordId: part.fields['recordId'], fileName: part.fileName, contentType: part.contentType },
        part.content,
      ),
    );
    return { ...attachment, url: `/files/${attachment.id}` };
  }

  @Get(':id')
  async download(@CurrentSession() session: Session, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const file = /^[0-9a-f-]{36}$/.test(id) ? await this.attachments.open(session, id) : undefined;
    if (!file) {
      res.status(404).json(errorBody(notFound('File', 'id')));
      return;
    }
    res.setHeader('content-type', file.attachment.contentType);
    res.setHeader('content-length', String(file.size));
    res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.attachment.fileName)}`);
    res.setHeader('x-content-type-options', 'nosniff');
    await pipeline(file.stream, res);
  }
}
