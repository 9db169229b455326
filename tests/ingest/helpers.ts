import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result } from '../../src/diagnostics/message.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const FIX = join(HERE, '..', 'fixtures', 'ingest');
export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIX, name)));
export const SAMPLE_PATH = join(HERE, '..', '..', 'corpora', '000_a7e788a71b64a196.txt');

/** The value of an ok result (fails the test with the diagnostics otherwise). */
export function okValue<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.diagnostics.map((d) => `${d.code}: ${d.reason}`).join('; ')}`);
  return r.value;
}

/** The codes of a failed result. */
export function errorCodes<T>(r: Result<T>): string[] {
  if (r.ok) throw new Error('expected a failure, got ok');
  return r.diagnostics.map((d) => d.code);
}
