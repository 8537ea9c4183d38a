/**
 * GraphQL types and root fields for one object, built from its model through the field-kind registry:
 * output type, connection, filter, order, create input, patch, aggregate types. Resolvers close over names
 * only, never over a tenant, so one built schema serves every tenant with the same definitions.
 */
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLFloat,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLObjectType,
  GraphQLString,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
} from 'graphql';
import { effectiveKind, objectApiNames, SYSTEM_COLUMNS, type FieldModel, type ObjectModel, type TenantModel } from '@funnelcraft/definitions';
import {
  aggregate,
  countRecordsMatching,
  createRecord,
  createRecords,
  deleteRecord,
  getRecord,
  getRecordsByIds,
  listRecordsPage,
  readScope,
  withoutHidden,
  restoreDeletedRecord,
  updateRecordVersioned,
} from '@funnelcraft/records';
import { countRelated, EMBEDDED, findRelated, type EmbeddedRecords, type OrderTerm, type Row } from '@funnelcraft/storage';
import { BatchLoader } from './batch-loader.js';
import { recordContext, requireSession, type ApiContext } from './context.js';
import { connectionOf, type Connection } from './connection.js';
import { decodeCursor } from './cursor.js';
import { filterToLogic, type RecordFilter } from './filter-input.js';
import { DateTimeScalar, JSONScalar } from './scalars.js';
import { conversionRootFields } from './conversion-types.js';
import { pipelineFilterFields, pipelineInputFields, pipelineOutputFields, pipelineRootFields, pipelineSortable } from './pipeline-types.js';
import { projectionFor } from './projection.js';
import { connectionNodeFields, selectedFields, selectedUnder } from './selection.js';
import { kindTypesOf } from './kind-types.js';
import { FILTER_TYPES, list, nn, NullsOrder, PageInfoType, SortDirection, UserType } from './static-types.js';

/** Fields with sum/avg/min/max in aggregates. */
const isNumeric = (f: FieldModel) => effectiveKind(f).valueType === 'number';

export interface ObjectTypes {
  object: ObjectModel;
  output: GraphQLObjectType;
  connection: GraphQLObjectType;
  filter: GraphQLInputObjectType;
  orderBy: GraphQLInputObjectType;
  queries: GraphQLFieldConfigMap<unknown, ApiContext>;
  mutations: GraphQLFieldConfigMap<unknown, ApiContext>;
}

interface ListArgs {
  filter?: RecordFilter | null;
  orderBy?: { field: string; direction: 'ASC' | 'DESC'; nulls?: 'FIRST' | 'LAST' | null }[] | null;
  first?: number | null;
  after?: string | null;
  deleted?: boolean | null;
}

export const DEFAULT_PAGE = 50;
const DEFAULT_RELATED = 20;

const toOrder = (orderBy: ListArgs['orderBy']): OrderTerm[] =>
  (orderBy ?? []).map((o) => ({ field: o.field, direction: o.direction, nulls: o.nulls ?? undefined }));

const sortableOf = (o: ObjectModel): string[] => [
  ...Object.keys(SYSTEM_COLUMNS),
  ...o.fields.filter((f) => effectiveKind(f).sortable).map((f) => f.name),
  ...pipelineSortable(o),
];

/** Registry shared while one schema is built: types by object name, so lookups can point at each other. */
export class ObjectTypeRegistry {
  private readonly types = new Map<string, ObjectTypes>();

  constructor(private readonly model: TenantModel) {
    for (const o of model.objects) this.types.set(o.name, this.build(o));
  }

  all(): ObjectTypes[] {
    return [...this.types.values()];
  }

  private get(name: string): ObjectTypes {
    const t = this.types.get(name);
    if (!t) throw new Error(`No types for object ${name}`);
    return t;
  }

  private listFields(o: ObjectModel): ReadonlySet<string> {
    return new Set(o.fields.filter((f) => effectiveKind(f).filter === 'textList').map((f) => f.name));
  }

  private build(o: ObjectModel): ObjectTypes {
    const names = objectApiNames(o.name, o.plural);
    const output: GraphQLObjectType = new GraphQLObjectType<Row, ApiContext>({
      name: names.type,
      description: o.label['en'],
      fields: () => this.outputFields(o),
    });
    const edge = new GraphQLObjectType({ name: `${names.type}Edge`, fields: { node: { type: nn(output) }, cursor: { type: nn(GraphQLString) } } });
    const connectionType = new GraphQLObjectType<Connection<Row>, ApiContext>({
      name: `${names.type}Connection`,
      fields: {
        edges: { type: nn(list(edge)) },
        nodes: { type: nn(list(output)) },
        pageInfo: { type: nn(PageInfoType) },
        totalCount: { type: nn(GraphQLInt), resolve: (c) => c.totalCount() },
      },
    });
    const filter: GraphQLInputObjectType = new GraphQLInputObjectType({
      name: `${names.type}Filter`,
      fields: () => {
        const fields: GraphQLInputFieldConfigMap = {
          and: { type: list(filter) },
          or: { type: list(filter) },
          not: { type: filter },
        };
        for (const [name, sys] of Object.entries(SYSTEM_COLUMNS)) fields[name] = { type: FILTER_TYPES[sys.filter] };
        for (const f of o.fields) fields[f.name] = { type: FILTER_TYPES[effectiveKind(f).filter] };
        Object.assign(fields, pipelineFilterFields(o));
        return fields;
      },
    });
    const sortable = sortableOf(o);
    // The object's sortable fields, for groupBy; orderBy also takes the sortable fields of each lookup's target.
    const fieldEnum = new GraphQLEnumType({ name: `${names.type}SortField`, values: Object.fromEntries(sortable.map((n) => [n, { value: n }])) });
    const orderFieldEnum = new GraphQLEnumType({ name: `${names.type}OrderField`, values: this.orderValues(o, sortable) });
    const orderBy = new GraphQLInputObjectType({
      name: `${names.type}OrderBy`,
      fields: {
        field: { type: nn(orderFieldEnum), description: '<lookup>_<field> sorts by a field of the record a lookup points at (lists and boards)' },
        direction: { type: nn(SortDirection), defaultValue: 'ASC' },
        nulls: { type: NullsOrder, description: 'default: last when ascending, first when descending' },
      },
    });
    const types: ObjectTypes = { object: o, output, connection: connectionType, filter, orderBy, queries: {}, mutations: {} };
    this.rootFields(o, types, fieldEnum);
    return types;
  }

  /**
   * Values of the orderBy enum: the object's sortable fields, then `<lookup>_<field>` (value `lookup.field`)
   * for each sortable field of each lookup's target. API names have no underscore, so these never collide.
   */
  private orderValues(o: ObjectModel, sortable: string[]): Record<string, { value: string; description?: string }> {
    const values: Record<string, { value: string; description?: string }> = Object.fromEntries(sortable.map((n) => [n, { value: n }]));
    for (const f of o.fields) {
      const target = f.kind.link === 'record' && f.target ? this.model.byName.get(f.target) : undefined;
      if (!target) continue;
      for (const n of sortableOf(target)) values[`${f.name}_${n}`] = { value: `${f.name}.${n}`, description: `${n} of the ${f.name}` };
    }
    return values;
  }

  private outputFields(o: ObjectModel): GraphQLFieldConfigMap<Row, ApiContext> {
    const fields: GraphQLFieldConfigMap<Row, ApiContext> = {
      id: { type: nn(GraphQLID) },
      createdAt: { type: nn(DateTimeScalar) },
      updatedAt: { type: nn(DateTimeScalar) },
      createdBy: { type: GraphQLID },
      updatedBy: { type: GraphQLID },
      ownerId: { type: GraphQLID },
      owner: this.userField('ownerId'),
      version: { type: nn(GraphQLInt), description: 'Pass it back to update: a stale version is refused with CONFLICT' },
      deletedAt: { type: DateTimeScalar },
    };
    for (const f of o.fields) {
      if (f.kind.link === 'record' && f.target) {
        fields[`${f.name}Id`] = {
          type: GraphQLID,
          description: 'the id, also when the record it points at is restricted (then the lookup is null)',
          resolve: (row) => row[f.name],
        };
        fields[f.name] = this.lookupField(f.name, f.target, f.label['en']);
      } else if (f.kind.link === 'user') {
        fields[`${f.name}Id`] = { type: GraphQLID, resolve: (row) => row[f.name] };
        fields[f.name] = this.userField(f.name);
      } else {
        const type = kindTypesOf(f).output;
        fields[f.name] = { type: f.required && f.kind.writable ? nn(type) : type, description: f.label['en'] };
      }
    }
    Object.assign(fields, pipelineOutputFields(o));
    for (const rel of o.reverse) fields[rel.name] = this.reverseField(rel.sourceObject, rel.sourceField);
    return fields;
  }

  /**
   * A lookup resolves to its record, or to null when the viewer may not read it (the join is left out and the
   * batch read is scoped, see `scopedProjection`): the `<lookup>Id` beside it still holds the id, so a
   * restricted lookup is "id only, no fields". Chosen over a `restricted: Boolean!` on every type, which would
   * make every non-null field (id, createdAt, version, required fields) nullable for every client; a client
   * reads `accountId` without `account` as restricted (README, "Restricted lookups").
   */
  private lookupField(field: string, target: string, description?: string): GraphQLFieldConfig<Row, ApiContext> {
    return {
      type: this.get(target).output,
      description,
      resolve: (row, _args, ctx) => {
        const id = row[field];
        if (typeof id !== 'string') return null;
        // Joined by the query that read this row?
        const joined = (row as { [EMBEDDED]?: EmbeddedRecords })[EMBEDDED]?.[field];
        if (joined !== undefined) return joined;
        const loader = ctx.loaders.get(
          `lookup:${target}`,
          () =>
            new BatchLoader<string, Row | null>(async (ids) => {
              const rows = await getRecordsByIds(recordContext(ctx), target, ids);
              return new Map(rows.map((r) => [r['id'] as string, r]));
            }, null),
        );
        return loader.load(id);
      },
    };
  }

  private userField(field: string): GraphQLFieldConfig<Row, ApiContext> {
    return {
      type: UserType,
      resolve: (row, _args, ctx) => {
        const id = row[field];
        if (typeof id !== 'string') return null;
        const session = requireSession(ctx);
        const loader = ctx.loaders.get(
          'users',
          () =>
            new BatchLoader<string, unknown>(async (ids) => {
              const users = await ctx.platform.usersByIds(session, ids);
              return new Map(users.map((u) => [u.id, u]));
            }, null),
        );
        return loader.load(id);
      },
    };
  }

  private reverseField(sourceName: string, sourceField: string): GraphQLFieldConfig<Row, ApiContext> {
    const source = () => this.get(sourceName);
    return {
      get type() {
        return nn(source().connection);
      },
      args: {
        first: { type: GraphQLInt, defaultValue: DEFAULT_RELATED },
        get orderBy() {
          return { type: list(source().orderBy) };
        },
      },
      resolve: (row, args: { first: number; orderBy?: ListArgs['orderBy'] }, ctx) => {
        const parentId = row['id'] as string;
        const first = Math.min(Math.max(args.first, 0), 500);
        const orderBy = toOrder(args.orderBy);
        const key = `reverse:${sourceName}.${sourceField}:${first}:${JSON.stringify(orderBy)}`;
        const rc = recordContext(ctx);
        const object = source().object;
        // A related list shows the related records the actor may read, like a list of them would.
        const scope = readScope(rc, object.name);
        const loader = ctx.loaders.get(
          key,
          () =>
            new BatchLoader<string, Row[]>(
              (ids) =>
                findRelated(rc.db, rc.tenant.schema, object, sourceField, ids, first + 1, orderBy, scope).then((m) => {
                  for (const rows of m.values()) withoutHidden(rc, object, rows);
                  return m;
                }),
              [],
            ),
        );
        const counter = ctx.loaders.get(
          `count:${sourceName}.${sourceField}`,
          () => new BatchLoader<string, number>((ids) => countRelated(rc.db, rc.tenant.schema, object, sourceField, ids, scope), 0),
        );
        return loader.load(parentId).then((rows) => {
          const page = rows.slice(0, first);
          return connectionOf(
            page,
            page.map((r) => [r['id']]),
            rows.length > first,
            () => counter.load(parentId),
          );
        });
      },
    } as GraphQLFieldConfig<Row, ApiContext>;
  }

  /**
   * One input type for create and update: every field is optional in GraphQL, and the records service says
   * which required ones are missing (VALIDATION_FAILED with a detail per field) rather than GraphQL in bulk.
   */
  private inputType(o: ObjectModel): GraphQLInputObjectType {
    const names = objectApiNames(o.name, o.plural);
    return new GraphQLInputObjectType({
      name: `${names.type}Input`,
      fields: () => {
        const fields: GraphQLInputFieldConfigMap = { ownerId: { type: GraphQLID } };
        for (const f of o.fields.filter((g) => g.kind.writable && !g.readOnly)) {
          fields[f.name] = { type: kindTypesOf(f).input, description: f.required ? 'required when creating' : undefined };
        }
        return Object.assign(fields, pipelineInputFields(o));
      },
    });
  }

  private rootFields(o: ObjectModel, types: ObjectTypes, fieldEnum: GraphQLEnumType): void {
    const names = objectApiNames(o.name, o.plural);
    const listFields = this.listFields(o);
    const input = this.inputType(o);
    const numeric = o.fields.filter(isNumeric);

    types.queries[names.one] = {
      type: types.output,
      args: { id: { type: nn(GraphQLID) } },
      resolve: (_r, args: { id: string }, ctx, info) => getRecord(recordContext(ctx), o.name, args.id, projectionFor(ctx.model, o, selectedFields(info), info)),
    };
    types.queries[names.many] = {
      type: nn(types.connection),
      args: {
        filter: { type: types.filter },
        orderBy: { type: list(types.orderBy) },
        first: { type: GraphQLInt, defaultValue: DEFAULT_PAGE },
        after: { type: GraphQLString },
        deleted: { type: GraphQLBoolean, defaultValue: false, description: 'list the recycle bin instead' },
      },
      resolve: async (_r, args: ListArgs, ctx, info) => {
        const rc = recordContext(ctx);
        const filter = filterToLogic(args.filter, listFields);
        const page = await listRecordsPage(rc, o.name, {
          filter,
          orderBy: toOrder(args.orderBy),
          first: args.first ?? DEFAULT_PAGE,
          after: args.after ? decodeCursor(args.after) : undefined,
          deleted: args.deleted ?? false,
          projection: projectionFor(ctx.model, o, connectionNodeFields(info), info),
        });
        return connectionOf(page.rows, page.keys, page.hasNextPage, () => countRecordsMatching(rc, o.name, filter, args.deleted ?? false));
      },
    };

    const metricFields = numeric.length
      ? Object.fromEntries(numeric.map((f) => [f.name, { type: GraphQLFloat }]))
      : { _none: { type: GraphQLFloat, description: 'this object has no numeric fields' } };
    const numbers = new GraphQLObjectType({ name: `${names.type}Numbers`, fields: metricFields });
    const group = new GraphQLObjectType({
      name: `${names.type}Group`,
      // The key is JSON ({"stage": "proposal"}): a typed key per object would double the schema's size.
      fields: {
        key: { type: nn(JSONScalar), description: 'the grouped fields and their values' },
        count: { type: nn(GraphQLInt) },
        sum: { type: nn(numbers) },
        avg: { type: nn(numbers) },
        min: { type: nn(numbers) },
        max: { type: nn(numbers) },
      },
    });
    types.queries[names.aggregate] = {
      type: nn(list(group)),
      description:
        'One row per group; a metric of a currency field also groups by its currency (key "<field>.currency"): amounts of different currencies are never added up',
      args: { filter: { type: types.filter }, groupBy: { type: list(fieldEnum) } },
      resolve: (_r, args: { filter?: RecordFilter; groupBy?: string[] }, ctx, info) => {
        const metrics = (['sum', 'avg', 'min', 'max'] as const).flatMap((fn) =>
          [...selectedUnder(info, fn)].filter((name) => o.fieldsByName.has(name)).map((field) => ({ fn, field })),
        );
        return aggregate(recordContext(ctx), o.name, { filter: filterToLogic(args.filter, listFields), groupBy: args.groupBy ?? [], metrics }).then((groups) =>
          groups.map((g) => ({ key: g.key, count: g.count, ...g.values })),
        );
      },
    };

    types.mutations[names.create] = {
      type: nn(types.output),
      args: { input: { type: nn(input) } },
      resolve: (_r, args: { input: Record<string, unknown> }, ctx) => createRecord(recordContext(ctx), o.name, args.input),
    };
    types.mutations[names.createMany] = {
      type: nn(list(types.output)),
      description: 'Creates up to 1,000 records at once: all or none',
      args: { inputs: { type: nn(list(input)) } },
      resolve: (_r, args: { inputs: Record<string, unknown>[] }, ctx) => createRecords(recordContext(ctx), o.name, args.inputs),
    };
    types.mutations[names.update] = {
      type: nn(types.output),
      args: { id: { type: nn(GraphQLID) }, version: { type: nn(GraphQLInt) }, input: { type: nn(input) } },
      resolve: (_r, args: { id: string; version: number; input: Record<string, unknown> }, ctx) =>
        updateRecordVersioned(recordContext(ctx), o.name, args.id, args.version, args.input),
    };
    types.mutations[names.delete] = {
      type: nn(types.output),
      description: 'Moves the record to the recycle bin',
      args: { id: { type: nn(GraphQLID) }, version: { type: GraphQLInt } },
      resolve: (_r, args: { id: string; version?: number | null }, ctx) => deleteRecord(recordContext(ctx), o.name, args.id, args.version ?? undefined),
    };
    for (const extra of [
      pipelineRootFields(o, types.output, types.connection, types.filter, types.orderBy, listFields),
      conversionRootFields(this.model, o, types.output),
    ]) {
      Object.assign(types.queries, extra.queries);
      Object.assign(types.mutations, extra.mutations);
    }
    types.mutations[names.restore] = {
      type: nn(types.output),
      args: { id: { type: nn(GraphQLID) } },
      resolve: (_r, args: { id: string }, ctx) => restoreDeletedRecord(recordContext(ctx), o.name, args.id),
    };
  }
}
