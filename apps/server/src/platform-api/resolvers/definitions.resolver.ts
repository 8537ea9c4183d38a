/** The definition pipeline: apply (with dry run), delete objects, history, and the applied documents. */
import { Inject } from '@nestjs/common';
import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Session } from '@funnelcraft/auth';
import type { ApplyResult } from '@funnelcraft/definitions';
import type { VersionSummary } from '@funnelcraft/storage';
import { DefinitionsService } from '../../services/definitions.service.js';
import { CurrentSession } from '../auth/current-session.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApplyResultType, DefinitionVersionType, DocumentRefInput } from '../types/definition.types.js';
import { JSONScalar } from '../types/scalars.js';

@Resolver()
export class DefinitionsResolver {
  constructor(@Inject(DefinitionsService) private readonly definitions: DefinitionsService) {}

  @Roles('admin')
  @Mutation(() => ApplyResultType, {
    description:
      'Validates, plans and applies definition documents in one transaction. Documents are upserts; documents are deleted only through deleteDocuments (deleteObjects and deletePipelines are shorthands for it).',
  })
  applyDefinitions(
    @CurrentSession() session: Session,
    @Args('documents', { type: () => [JSONScalar] }) documents: unknown[],
    @Args('deleteDocuments', {
      type: () => [DocumentRefInput],
      nullable: true,
      description: 'documents of any kind to delete; an object takes its pipelines and conversion along',
    })
    deleteDocuments: DocumentRefInput[] | null,
    @Args('deleteObjects', { type: () => [String], nullable: true }) deleteObjects: string[] | null,
    @Args('deletePipelines', { type: () => [String], nullable: true }) deletePipelines: string[] | null,
    @Args('dryRun', { type: () => Boolean, defaultValue: false, description: 'plan only: nothing is written' }) dryRun: boolean,
    @Args('confirmDataLoss', { type: () => Boolean, defaultValue: false, description: 'required when the plan deletes data' }) confirmDataLoss: boolean,
  ): Promise<ApplyResult> {
    return this.definitions.apply(session, {
      documents,
      deleteDocuments: deleteDocuments ?? [],
      deleteObjects: deleteObjects ?? [],
      deletePipelines: deletePipelines ?? [],
      dryRun,
      confirmDataLoss,
    });
  }

  @Roles('admin')
  @Mutation(() => ApplyResultType, { description: 'Deletes objects with their records (confirmDataLoss: true when any exist)' })
  deleteObjects(
    @CurrentSession() session: Session,
    @Args('names', { type: () => [String] }) names: string[],
    @Args('dryRun', { type: () => Boolean, defaultValue: false }) dryRun: boolean,
    @Args('confirmDataLoss', { type: () => Boolean, defaultValue: false }) confirmDataLoss: boolean,
  ): Promise<ApplyResult> {
    return this.definitions.deleteObjects(session, { names, dryRun, confirmDataLoss });
  }

  @Query(() => JSONScalar, { name: 'definitions', description: 'The applied definition documents (objects, pipelines, conversions), as written' })
  applied(@CurrentSession() session: Session): Promise<unknown[]> {
    return this.definitions.documents(session);
  }

  @Roles('admin')
  @Query(() => [DefinitionVersionType], { description: 'Applied versions, newest first, with their plans and documents' })
  definitionHistory(@CurrentSession() session: Session, @Args('first', { type: () => Int, defaultValue: 20 }) first: number): Promise<VersionSummary[]> {
    return this.definitions.history(session, first);
  }
}
