// Gzipped JavaScript a first visit to a page downloads: the entry, the page's chunk, and everything they
// import statically (dynamic imports of other pages excluded). Reads the manifest of the last `vite build`.
// Usage: node scripts/initial-size.mjs [src/pages/LoginPage.vue ...]
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('.vite/manifest.json', dist), 'utf8'));
const pages = process.argv.slice(2).length ? process.argv.slice(2) : ['src/pages/LoginPage.vue', 'src/layouts/AppShell.vue'];

function closure(keys, seen = new Set()) {
  for (const key of keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    closure(manifest[key]?.imports ?? [], seen);
  }
  return seen;
}

// kB = 1000 bytes, as `vite build` prints them.
const kb = (n) => `${(n / 1000).toFixed(2)} kB`;
for (const page of pages) {
  if (!manifest[page]) throw new Error(`${page} is not in the manifest`);
  const files = [...closure(['index.html', page])].map((k) => manifest[k].file);
  const sizes = files.map((f) => {
    const code = readFileSync(new URL(f, dist));
    return { f, raw: code.length, gz: gzipSync(code).length };
  });
  const total = sizes.reduce((a, s) => ({ raw: a.raw + s.raw, gz: a.gz + s.gz }), { raw: 0, gz: 0 });
  console.log(`index.html + ${page}: ${sizes.length} JS files, ${kb(total.raw)} raw, ${kb(total.gz)} gzip`);
  for (const s of sizes.sort((a, b) => b.gz - a.gz)) console.log(`  ${s.f.padEnd(44)} ${kb(s.gz).padStart(9)}`);
}
