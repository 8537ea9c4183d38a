import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Platform } from './platform.js';
import { Public } from './platform-api/auth/public.decorator.js';

/** `GET /health`: 200 when the database answers, 503 otherwise. */
@Controller()
export class HealthController {
  constructor(@Inject(Platform) private readonly platform: Platform) {}

  @Public()
  @Get('health')
  async health(@Res() res: Response): Promise<void> {
    try {
      await this.platform.pool.query('SELECT 1');
      res.status(200).json({ status: 'ok' });
    } catch (e) {
      res.status(503).json({ status: 'unavailable', error: (e as Error).message });
    }
  }
}
