/** The applied model as metadata: objects with their fields and pipelines, for generated screens. */
import { Inject } from '@nestjs/common';
import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Session } from '@funnelcraft/auth';
import type { FieldModel, ObjectModel, PipelineModel } from '@funnelcraft/definitions';
import { recordJsonSchema } from '@funnelcraft/records';
import { DefinitionsService } from '../../services/definitions.service.js';
import { CurrentSession } from '../auth/current-session.decorator.js';
import { FieldMetaType, ObjectMetaType, PipelineMetaType } from '../types/definition.types.js';
import { JSONScalar } from '../types/scalars.js';

@Resolver(() => ObjectMetaType)
export class ObjectMetaResolver {
  constructor(@Inject(DefinitionsService) private readonly definitions: DefinitionsService) {}

  @Query(() => [ObjectMetaType])
  objects(@CurrentSession() session: Session): Promise<readonly ObjectModel[]> {
    return this.definitions.objects(session);
  }

  @Query(() => ObjectMetaType, { nullable: true })
  object(@CurrentSession() session: Session, @Args('name', { type: () => String }) name: string): Promise<ObjectModel | null> {
    return this.definitions.object(session, name);
  }

  @Query(() => [PipelineMetaType])
  pipelines(
    @CurrentSession() session: Session,
    @Args('object', { type: () => String, nullable: true, description: 'only the pipelines of this object' }) object: string | null,
  ): Promise<PipelineModel[]> {
    return this.definitions.pipelines(session, object);
  }

  @ResolveField(() => JSONScalar, { description: 'JSON Schema of a record input, as the server validates it (mode create: with required fields)' })
  recordSchema(@Parent() o: ObjectModel, @Args('mode', { type: () => String, defaultValue: 'create', description: 'create or update' }) mode: string): unknown {
    return recordJsonSchema(o, mode === 'update' ? 'update' : 'create');
  }

  @ResolveField(() => Boolean, { description: 'whether a conversion document converts this object' })
  hasConversion(@CurrentSession() session: Session, @Parent() o: ObjectModel): Promise<boolean> {
    return this.definitions.hasConversion(session, o.name);
  }
}

@Resolver(() => FieldMetaType)
export class FieldMetaResolver {
  @ResolveField(() => String)
  kind(@Parent() f: FieldModel): string {
    return f.kind.id;
  }

  @ResolveField(() => Boolean)
  readOnly(@Parent() f: FieldModel): boolean {
    return f.readOnly || !f.kind.writable;
  }
}
