/**
 * A handover's filter is given as the data API writes a list's: the object's typed filter input (`{ industry:
 * { eq: "retail" }, and: [...] }`). It is checked against that very input type of the tenant's schema (unknown
 * fields and operators, wrong value types are BAD_USER_INPUT naming the path) and turned into json-logic by the
 * data API's own filterToLogic, so a handover moves exactly the records the same filter lists.
 */
import { coerceInputValue, isInputObjectType, type GraphQLSchema } from 'graphql';
import { effectiveKind, objectApiNames, type ObjectModel } from '@funnelcraft/definitions';
import { filterToLogic, type RecordFilter } from '@funnelcraft/graphql-api';
import { badInput, type ErrorDetail } from '@funnelcraft/kernel';

export function handoverFilter(schema: GraphQLSchema, o: ObjectModel, filter: unknown): unknown {
  const typeName = `${objectApiNames(o.name, o.plural).type}Filter`;
  const type = schema.getType(typeName);
  if (!isInputObjectType(type)) throw badInput(`${o.name} cannot be filtered: its API is not built`, [{ path: 'filter', message: 'no filter type' }]);
  const problems: ErrorDetail[] = [];
  const coerced = coerceInputValue(filter, type, (path, _value, error) => {
    problems.push({ path: ['filter', ...path].join('.'), message: error.message });
  }) as RecordFilter;
  if (problems.length) throw badInput(`The filter is not a ${typeName}: ${problems.map((p) => p.message).join('; ')}`, problems);
  const listFields = new Set(o.fields.filter((f) => effectiveKind(f).filter === 'textList').map((f) => f.name));
  return filterToLogic(coerced, listFields);
}
