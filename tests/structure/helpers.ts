import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalize } from '../../src/normalize/index.js';
import { parseStructure } from '../../src/structure/index.js';
import type { StructureResult } from '../../src/structure/types.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function read(rel: string): string {
  return readFileSync(ROOT + rel, 'utf8');
}

export function parse(original: string): StructureResult & { original: string } {
  return { ...parseStructure(normalize(original)), original };
}

/** Every span lies inside the original text, title_span inside span. */
export function spansOk(r: { original: string } & StructureResult): string[] {
  const errs: string[] = [];
  const len = r.original.length;
  const inside = (s: [number, number] | null, what: string) => {
    if (!s) return;
    if (!(Number.isInteger(s[0]) && Number.isInteger(s[1]) && s[0] >= 0 && s[0] <= s[1] && s[1] <= len)) errs.push(`${what} ${JSON.stringify(s)} out of [0, ${len}]`);
  };
  r.findings.forEach((f, i) => {
    inside(f.span, `#${i} span`);
    inside(f.title_span, `#${i} title_span`);
    inside(f.measures_span, `#${i} measures_span`);
    if (f.title_span[0] < f.span[0] || f.title_span[1] > f.span[1]) errs.push(`#${i} title_span outside span`);
  });
  for (const d of r.diagnostics) if (d.range) inside(d.range, 'diagnostic');
  return errs;
}
