import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import en from '../../i18n/locales/en/setup-designers';
import zh from '../../i18n/locales/zh/setup-designers';
import { fieldKinds } from './field-kinds';

const SRC = fileURLToPath(new URL('../../', import.meta.url));
const FOLDERS = ['components/setup', 'composables/setup', 'pages/setup'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(vue|ts)$/.test(name) && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

const has = (path: string) =>
  path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), { designers: en }) !==
  undefined;

describe('Setup messages', () => {
  it('has every literal designers.* key the designers use', () => {
    const used = new Set(
      FOLDERS.flatMap((f) => files(join(SRC, f))).flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/['"`](designers\.[A-Za-z0-9_.]+)['"`]/g)].map((m) => m[1]!),
      ),
    );
    expect(used.size).toBeGreaterThan(150);
    expect([...used].filter((key) => !has(key))).toEqual([]);
  });

  it('has the keys built from registries: kinds, options, choices', () => {
    const keys = [
      ...fieldKinds().flatMap((k) => [`designers.kindHints.${k.kind}`, `designers.kindGroups.${k.group}`]),
      ...fieldKinds().flatMap((k) =>
        k.options.flatMap((o) => [`designers.options.${o.label}`, ...(o.choices ?? []).map((c) => `designers.choices.${c.label}`)]),
      ),
    ];
    expect(keys.filter((key) => !has(key))).toEqual([]);
  });

  it('has no Chinese message left in English', () => {
    const leaves = (node: unknown, path = ''): [string, string][] =>
      node && typeof node === 'object' ? Object.entries(node).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k)) : [[path, String(node)]];
    const english = new Map(leaves(en));
    // Same text in both is fine only where it is not words (API names, codes).
    const same = leaves(zh).filter(([path, text]) => english.get(path) === text && /[a-z]{3}/.test(text));
    expect(same).toEqual([]);
  });
});
