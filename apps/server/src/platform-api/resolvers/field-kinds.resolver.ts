/** The field kinds and their flags, as the registry has them (the same for every tenant): the studio reads these. */
import { Query, ResolveField, Parent, Resolver } from '@nestjs/graphql';
import { FIELD_KINDS, FILTER_OPERATORS, type FieldKind } from '@funnelcraft/definitions';
import { Public } from '../auth/public.decorator.js';
import { FieldKindMetaType } from '../types/definition.types.js';

@Resolver(() => FieldKindMetaType)
export class FieldKindsResolver {
  @Public()
  @Query(() => [FieldKindMetaType], { description: 'every field kind and its flags (the same for every tenant)' })
  fieldKinds(): FieldKind[] {
    return Object.values(FIELD_KINDS);
  }

  @ResolveField(() => Boolean, {
    description: 'false for values computed in SQL when read (formulas): a condition tested on one record in memory cannot name them',
  })
  stored(@Parent() k: FieldKind): boolean {
    return k.storage !== null;
  }

  @ResolveField(() => [String], { description: 'operators of its typed filter input' })
  filterOperators(@Parent() k: FieldKind): readonly string[] {
    return FILTER_OPERATORS[k.filter];
  }
}
