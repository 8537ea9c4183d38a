/** `GET /files/:id`: an attachment's bytes, for a signed-in user of the tenant that owns it. */
import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { authenticate } from '@funnelcraft/auth';
import { isDomainError } from '@funnelcraft/kernel';
import type { Request, Response } from 'express';
import { Platform } from './platform.js';

@Controller('files')
export class FilesController {
  constructor(@Inject(Platform) private readonly platform: Platform) {}

  @Get(':id')
  async download(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    let session;
    try {
      session = authenticate(req.headers.authorization, this.platform.secret);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      res.status(401).json({ error: e.message });
      return;
    }
    if (!session) {
      res.status(401).json({ error: 'Sign in first: a valid token is required' });
      return;
    }
    const file = /^[0-9a-f-]{36}$/.test(id) ? await this.platform.readAttachment(session, id) : undefined;
    if (!file) {
      res.status(404).json({ error: 'No such file' });
      return;
    }
    res.setHeader('content-type', file.attachment.contentType);
    res.setHeader('content-length', String(file.bytes.length));
    res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.attachment.fileName)}`);
    res.setHeader('x-content-type-options', 'nosniff');
    res.end(file.bytes);
  }
}
