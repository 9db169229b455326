/** JSON Lines: one record per line, keys in the record's own (schema) order, UTF-8 without BOM. */
export function toJsonl(records: readonly unknown[]): string {
  let out = '';
  for (const r of records) out += JSON.stringify(r) + '\n';
  return out;
}
