/** Attachment metadata; the bytes go through `POST /files` (multipart) and `GET /files/:id`. */
import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Session } from '@funnelcraft/auth';
import type { Attachment } from '@funnelcraft/storage';
import { AttachmentsService } from '../../services/attachments.service.js';
import { CurrentSession } from '../auth/current-session.decorator.js';
import { AttachmentType } from '../types/workspace.types.js';

@Resolver(() => AttachmentType)
export class AttachmentsResolver {
  constructor(@Inject(AttachmentsService) private readonly attachments: AttachmentsService) {}

  @Query(() => [AttachmentType], { name: 'attachments', description: 'the files of a record (none when you cannot read the record)' })
  list(
    @CurrentSession() session: Session,
    @Args('object', { type: () => String }) object: string,
    @Args('recordId', { type: () => ID }) recordId: string,
  ): Promise<Attachment[]> {
    return this.attachments.list(session, object, recordId);
  }

  @Mutation(() => Boolean, { description: 'false when this workspace has no such file' })
  deleteAttachment(@CurrentSession() session: Session, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.attachments.remove(session, id);
  }

  @ResolveField(() => String, { description: 'GET with the bearer token' })
  url(@Parent() a: Attachment): string {
    return `/files/${a.id}`;
  }
}
