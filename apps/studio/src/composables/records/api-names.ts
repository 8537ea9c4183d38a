/** GraphQL names of an object's operations, derived exactly as the server derives them (libs/definitions naming). */
import type { ObjectMeta } from '../../api/operations';

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

export interface ObjectApiNames {
  type: string;
  one: string;
  many: string;
  create: string;
  update: string;
  delete: string;
  restore: string;
  convert: string;
  conversionCandidates: string;
}

export function apiNames(meta: Pick<ObjectMeta, 'name' | 'plural'>): ObjectApiNames {
  const type = pascal(meta.name);
  return {
    type,
    one: meta.name,
    many: meta.plural,
    create: `create${type}`,
    update: `update${type}`,
    delete: `delete${type}`,
    restore: `restore${type}`,
    convert: `convert${type}`,
    conversionCandidates: `${meta.name}ConversionCandidates`,
  };
}
