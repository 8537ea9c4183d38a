/** Saved list views (the rules on who may share or change one are the records service's). */
import type { Session } from '@funnelcraft/auth';
import { removeView, savedViews, saveView, type ViewInput } from '@funnelcraft/records';
import type { PlatformOrm, Pool, SavedView } from '@funnelcraft/storage';
import type { TenantSchemas } from '../tenant-schemas.js';
import { recordContextFor } from './record-context.js';

export class ViewsService {
  constructor(
    private readonly pool: Pool,
    private readonly orm: PlatformOrm,
    private readonly schemas: TenantSchemas,
  ) {}

  async list(session: Session, object: string): Promise<SavedView[]> {
    return savedViews(await recordContextFor(this.pool, this.orm, this.schemas, session), object);
  }

  async save(session: Session, input: ViewInput): Promise<SavedView> {
    return saveView(await recordContextFor(this.pool, this.orm, this.schemas, session), input);
  }

  async remove(session: Session, id: string): Promise<boolean> {
    return removeView(await recordContextFor(this.pool, this.orm, this.schemas, session), id);
  }
}
