/** The value types an expression can produce or read; each has one SQL type used to cast parameters. */
export type ValueType = 'text' | 'number' | 'boolean' | 'date' | 'datetime' | 'id' | 'textList' | 'null' | 'any';

export const SQL_CAST: Record<ValueType, string> = {
  text: 'text',
  number: 'numeric',
  boolean: 'boolean',
  date: 'date',
  datetime: 'timestamptz',
  id: 'uuid',
  textList: 'text[]',
  null: 'text',
  any: 'text',
};

/** A variable an expression may read: its SQL (already quoted) and its type. */
export interface SqlVariable {
  sql: string;
  type: ValueType;
}
export type SqlVariableResolver = (name: string) => SqlVariable | undefined;
