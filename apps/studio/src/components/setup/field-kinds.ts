/**
 * The registry of field kinds for the object designer: for each kind, the keywords the meta-schema allows and
 * the option editors the field dialog shows (each an `OptionSpec` naming a control from `field-options/`).
 * The dialog, the document builder and the kind picker look kinds up here; none of them switches on a kind.
 * field-kinds.spec.ts checks `allowed` against schemas/object-definition.schema.json, so the two cannot drift.
 */

/** How one option is edited; each id is a component in field-options/controls.ts. */
export type ControlId = 'number' | 'integer' | 'switch' | 'text' | 'choice' | 'currency' | 'options' | 'object' | 'json' | 'optionDefault';

export interface Choice {
  value: string | number | boolean;
  /** Message key under `designers.choices`. */
  label: string;
}

export interface OptionSpec {
  /** The keyword in the field's definition, e.g. `maxLength` or `x-options`. */
  keyword: string;
  control: ControlId;
  /** Message key under `designers.options` (label) and `designers.optionHints` (help, when present). */
  label: string;
  choices?: readonly Choice[];
  min?: number;
  max?: number;
  placeholder?: string;
  /** Takes the full width of the options grid. */
  wide?: boolean;
}

export interface KindSpec {
  kind: string;
  /** Message key under `designers.kindGroups`, for the kind picker. */
  group: 'text' | 'number' | 'time' | 'choice' | 'relation' | 'computed';
  /** Keywords the meta-schema allows on a field of this kind. */
  allowed: readonly string[];
  options: readonly OptionSpec[];
  /** Keywords a new field of this kind starts with. */
  defaults?: () => Record<string, unknown>;
  /** Options without which the server refuses the field. */
  needs?: readonly string[];
}

// The keyword groups of the meta-schema (definitions.keywords), by the same names.
const COMMON = ['x-kind', 'type', 'title', 'description', 'x-label', 'x-renamed-from'] as const;
export const KEYWORD_GROUPS = {
  textual: [...COMMON, 'x-unique', 'x-indexed', 'readOnly', 'default', 'minLength', 'maxLength', 'pattern'],
  longText: [...COMMON, 'readOnly', 'default', 'minLength', 'maxLength', 'pattern'],
  contact: [...COMMON, 'x-unique', 'x-indexed', 'readOnly', 'default', 'maxLength'],
  numeric: [...COMMON, 'x-unique', 'x-indexed', 'readOnly', 'default', 'minimum', 'maximum', 'x-scale'],
  currency: [...COMMON, 'x-indexed', 'readOnly', 'minimum', 'maximum', 'x-scale', 'x-currency'],
  plain: [...COMMON, 'x-unique', 'x-indexed', 'readOnly', 'default'],
  flag: [...COMMON, 'x-unique', 'x-indexed', 'readOnly', 'default', 'x-exclusive-per'],
  singleSelect: [...COMMON, 'x-indexed', 'readOnly', 'default', 'x-options'],
  multiSelect: [...COMMON, 'readOnly', 'default', 'x-options', 'minItems', 'maxItems'],
  lookup: [...COMMON, 'x-indexed', 'readOnly', 'x-target', 'x-on-delete', 'x-reverse'],
  user: [...COMMON, 'x-indexed', 'readOnly', 'x-on-delete'],
  autoNumber: [...COMMON, 'x-indexed', 'x-format'],
  formula: [...COMMON, 'x-formula', 'x-result'],
} as const satisfies Record<string, readonly string[]>;

const unique: OptionSpec = { keyword: 'x-unique', control: 'switch', label: 'unique' };
const indexed: OptionSpec = { keyword: 'x-indexed', control: 'switch', label: 'indexed' };
const maxLength: OptionSpec = { keyword: 'maxLength', control: 'integer', label: 'maxLength', min: 1, max: 1_000_000 };
const minLength: OptionSpec = { keyword: 'minLength', control: 'integer', label: 'minLength', min: 0 };
const minimum: OptionSpec = { keyword: 'minimum', control: 'number', label: 'minimum' };
const maximum: OptionSpec = { keyword: 'maximum', control: 'number', label: 'maximum' };
const scale: OptionSpec = { keyword: 'x-scale', control: 'integer', label: 'scale', min: 0, max: 10 };
const selectOptions: OptionSpec = { keyword: 'x-options', control: 'options', label: 'options', wide: true };
const onDelete: OptionSpec = {
  keyword: 'x-on-delete',
  control: 'choice',
  label: 'onDelete',
  choices: [
    { value: 'set_null', label: 'setNull' },
    { value: 'restrict', label: 'restrict' },
    { value: 'cascade', label: 'cascade' },
  ],
};

const text = (kind: string, group: KindSpec['group'], allowed: readonly string[], options: OptionSpec[]): KindSpec => ({ kind, group, allowed, options });

const KINDS: readonly KindSpec[] = [
  text('text', 'text', KEYWORD_GROUPS.textual, [
    maxLength,
    minLength,
    { keyword: 'pattern', control: 'text', label: 'pattern', placeholder: '^[A-Z]{2}-\\d+$' },
    { keyword: 'default', control: 'text', label: 'default' },
    unique,
    indexed,
  ]),
  text('long_text', 'text', KEYWORD_GROUPS.longText, [maxLength, minLength, { keyword: 'default', control: 'text', label: 'default' }]),
  text('email', 'text', KEYWORD_GROUPS.contact, [maxLength, unique, indexed]),
  text('phone', 'text', KEYWORD_GROUPS.contact, [maxLength, unique, indexed]),
  text('url', 'text', KEYWORD_GROUPS.contact, [maxLength, unique, indexed]),
  text('number', 'number', KEYWORD_GROUPS.numeric, [minimum, maximum, scale, { keyword: 'default', control: 'number', label: 'default' }, unique, indexed]),
  text('currency', 'number', KEYWORD_GROUPS.currency, [{ keyword: 'x-currency', control: 'currency', label: 'currency' }, minimum, maximum, scale, indexed]),
  text('percent', 'number', KEYWORD_GROUPS.numeric, [minimum, maximum, scale, { keyword: 'default', control: 'number', label: 'default' }, unique, indexed]),
  text('date', 'time', KEYWORD_GROUPS.plain, [unique, indexed]),
  text('datetime', 'time', KEYWORD_GROUPS.plain, [unique, indexed]),
  text('boolean', 'choice', KEYWORD_GROUPS.flag, [
    {
      keyword: 'default',
      control: 'choice',
      label: 'default',
      choices: [
        { value: true, label: 'yes' },
        { value: false, label: 'no' },
      ],
    },
    indexed,
  ]),
  {
    ...text('single_select', 'choice', KEYWORD_GROUPS.singleSelect, [
      selectOptions,
      { keyword: 'default', control: 'optionDefault', label: 'default' },
      indexed,
    ]),
    defaults: () => ({ 'x-options': [] }),
    needs: ['x-options'],
  },
  {
    ...text('multi_select', 'choice', KEYWORD_GROUPS.multiSelect, [
      selectOptions,
      { keyword: 'minItems', control: 'integer', label: 'minItems', min: 0 },
      { keyword: 'maxItems', control: 'integer', label: 'maxItems', min: 1 },
    ]),
    defaults: () => ({ 'x-options': [] }),
    needs: ['x-options'],
  },
  {
    ...text('lookup', 'relation', KEYWORD_GROUPS.lookup, [
      { keyword: 'x-target', control: 'object', label: 'target' },
      onDelete,
      { keyword: 'x-reverse', control: 'text', label: 'reverse', placeholder: 'projects' },
    ]),
    needs: ['x-target'],
  },
  text('user', 'relation', KEYWORD_GROUPS.user, [onDelete, indexed]),
  text('auto_number', 'computed', KEYWORD_GROUPS.autoNumber, [{ keyword: 'x-format', control: 'text', label: 'format', placeholder: 'PRJ-{0000}' }, indexed]),
  {
    ...text('formula', 'computed', KEYWORD_GROUPS.formula, [
      {
        keyword: 'x-result',
        control: 'choice',
        label: 'result',
        choices: [
          { value: 'number', label: 'number' },
          { value: 'text', label: 'text' },
          { value: 'boolean', label: 'boolean' },
          { value: 'date', label: 'date' },
        ],
      },
      { keyword: 'x-formula', control: 'json', label: 'formula', wide: true, placeholder: '{"*": [{"var": "budget"}, 0.1]}' },
    ]),
    defaults: () => ({ 'x-result': 'number' }),
    needs: ['x-formula', 'x-result'],
  },
];

const BY_KIND = new Map(KINDS.map((k) => [k.kind, k]));

export const fieldKinds = (): readonly KindSpec[] => KINDS;
export const kindSpec = (kind: string): KindSpec | undefined => BY_KIND.get(kind);

/** Keywords a field's own editor owns (name, labels, kind); everything else belongs to the kind's options. */
export const FIELD_IDENTITY = ['x-kind', 'title', 'x-label', 'x-renamed-from'] as const;

/** Whether a keyword may stay on a field of this kind; unknown kinds keep everything (the server decides). */
export const keywordAllowed = (kind: string, keyword: string): boolean => {
  const spec = BY_KIND.get(kind);
  return !spec || spec.allowed.includes(keyword);
};
