/** Saved list views: your own and the shared ones. */
import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Session } from '@funnelcraft/auth';
import type { SavedView } from '@funnelcraft/storage';
import { ViewsService } from '../../services/views.service.js';
import { CurrentSession } from '../auth/current-session.decorator.js';
import { JSONScalar } from '../types/scalars.js';
import { SavedViewType } from '../types/workspace.types.js';

@Resolver(() => SavedViewType)
export class ViewsResolver {
  constructor(@Inject(ViewsService) private readonly views: ViewsService) {}

  @Query(() => [SavedViewType], { description: 'your own views of an object and the shared ones' })
  savedViews(@CurrentSession() session: Session, @Args('object', { type: () => String }) object: string): Promise<SavedView[]> {
    return this.views.list(session, object);
  }

  @Mutation(() => SavedViewType, { description: 'creates (no id) or updates a saved view; sharing or changing a shared one is for its owner or admins' })
  saveView(
    @CurrentSession() session: Session,
    @Args('id', { type: () => ID, nullable: true }) id: string | null,
    @Args('object', { type: () => String }) object: string,
    @Args('name', { type: () => String }) name: string,
    @Args('shared', { type: () => Boolean, nullable: true }) shared: boolean | null,
    @Args('definition', { type: () => JSONScalar }) definition: unknown,
  ): Promise<SavedView> {
    return this.views.save(session, { id: id ?? undefined, object, name, shared: shared ?? undefined, definition });
  }

  @Mutation(() => Boolean, { description: 'false when there is no such view of yours' })
  deleteView(@CurrentSession() session: Session, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.views.remove(session, id);
  }
}
