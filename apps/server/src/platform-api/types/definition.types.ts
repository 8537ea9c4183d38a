/** A tenant's applied model as the platform API shows it, and the results of applying definitions. */
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar, JSONScalar } from './scalars.js';

/** What a field's value links to (as enum values: the same words on the wire). */
export const FieldLink = { record: 'record', user: 'user' } as const;
registerEnumType(FieldLink, { name: 'FieldLink', description: 'record (a lookup) or user' });

@ObjectType('FieldKindMeta', { description: "a field kind's flags, as the registry has them" })
export class FieldKindMetaType {
  @Field(() => String) id!: string;
  // stored and filterOperators are resolved by FieldKindsResolver.
  @Field(() => Boolean, { description: 'false for values the platform computes (auto numbers, formulas): they cannot be required' }) writable!: boolean;
  @Field(() => Boolean, { description: 'whether unique / indexed make sense' }) indexable!: boolean;
  @Field(() => Boolean, { description: "whether it can be a pipeline's amount field" }) canBeAmount!: boolean;
  @Field(() => Boolean, { description: 'free text a quick search looks into (contains)' }) searchable!: boolean;
  @Field(() => Boolean, { description: 'whether lists sort and group by it' }) sortable!: boolean;
  @Field(() => Boolean, { description: "whether it can be an object's display field" }) canBeTitle!: boolean;
  @Field(() => FieldLink, { nullable: true, description: 'record (lookup) or user: read as <name>Id and the linked value' }) link?:
    keyof typeof FieldLink | null;
}

@ObjectType('FieldMeta')
export class FieldMetaType {
  @Field(() => String) name!: string;
  /** Resolved from the field's kind (FieldMetaResolver). */
  @Field(() => String, { description: 'the field kind, e.g. text, currency, lookup' }) kind!: string;
  @Field(() => JSONScalar, { description: 'labels by language' }) label!: unknown;
  @Field(() => Boolean) required!: boolean;
  @Field(() => Boolean) unique!: boolean;
  @Field(() => Boolean) indexed!: boolean;
  @Field(() => Boolean, { description: 'computed or system-set: not writable through the API' }) readOnly!: boolean;
  @Field(() => JSONScalar) options!: unknown;
  @Field(() => String, { nullable: true, description: 'lookup: the object it points at' }) target?: string;
  @Field(() => JSONScalar, { description: 'the field as written in its definition' }) document!: unknown;
}

/** Stage categories as GraphQL enum values (the same words on the wire as the definitions use). */
export const StageCategory = { open: 'open', won: 'won', lost: 'lost' } as const;
registerEnumType(StageCategory, { name: 'StageCategory', description: 'open stages count as pipeline; won and lost close a record' });

@ObjectType('StageMeta')
export class StageMetaType {
  @Field(() => String) key!: string;
  @Field(() => JSONScalar) label!: unknown;
  @Field(() => Float) probability!: number;
  @Field(() => StageCategory) category!: keyof typeof StageCategory;
  @Field(() => Int, { nullable: true }) idleDays?: number;
  @Field(() => Int) index!: number;
  @Field(() => JSONScalar, { nullable: true, description: 'required fields, json-logic condition and message to enter the stage' }) gate?: unknown;
}

@ObjectType('PipelineMeta')
export class PipelineMetaType {
  @Field(() => String) key!: string;
  @Field(() => String) object!: string;
  @Field(() => JSONScalar) label!: unknown;
  @Field(() => Boolean) isDefault!: boolean;
  @Field(() => String, { nullable: true }) amountField?: string;
  @Field(() => Boolean) allowSkip!: boolean;
  @Field(() => Boolean) allowReopen!: boolean;
  @Field(() => Boolean) lostReasonRequired!: boolean;
  @Field(() => [StageMetaType]) stages!: StageMetaType[];
}

@ObjectType('ObjectMeta')
export class ObjectMetaType {
  @Field(() => String) name!: string;
  @Field(() => String) plural!: string;
  @Field(() => JSONScalar) label!: unknown;
  @Field(() => JSONScalar) pluralLabel!: unknown;
  @Field(() => String) displayField!: string;
  @Field(() => [FieldMetaType]) fields!: FieldMetaType[];
  @Field(() => JSONScalar, { description: 'the object definition document' }) document!: unknown;
  @Field(() => [PipelineMetaType], { description: 'stage pipelines of this object' }) pipelines!: PipelineMetaType[];
  // recordSchema and hasConversion are resolved by ObjectMetaResolver.
}

@ObjectType('PlanStep')
export class PlanStepType {
  @Field(() => String) action!: string;
  @Field(() => String) object!: string;
  @Field(() => String, { nullable: true }) field?: string;
  @Field(() => String) description!: string;
  @Field(() => [String]) sql!: string[];
  @Field(() => Boolean) destructive!: boolean;
  @Field(() => Int, { nullable: true, description: 'how many stored values (or records) this step would delete' }) valuesLost?: number;
}

@ObjectType('ApplyResult')
export class ApplyResultType {
  @Field(() => Boolean) applied!: boolean;
  @Field(() => Int) version!: number;
  @Field(() => String) hash!: string;
  @Field(() => [PlanStepType]) steps!: PlanStepType[];
}

@ObjectType('DefinitionVersion')
export class DefinitionVersionType {
  @Field(() => Int) version!: number;
  @Field(() => String) hash!: string;
  @Field(() => DateTimeScalar) appliedAt!: string;
  @Field(() => ID, { nullable: true }) appliedBy?: string;
  @Field(() => String, { nullable: true }) appliedByEmail?: string;
  @Field(() => JSONScalar) plan!: unknown;
  @Field(() => JSONScalar) documents!: unknown;
}

@InputType('DocumentRefInput', { description: 'one definition document: its kind (object, pipeline, conversion) and its name within the kind' })
export class DocumentRefInput {
  @Field(() => String) kind!: string;
  @Field(() => String) name!: string;
}
