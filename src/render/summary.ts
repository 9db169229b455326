/** summary.json: the Summary, pretty-printed, keys in schema order, with a trailing newline. */
import { Summary } from '../aggregate/schema.js';

export function renderSummaryJson(summary: Summary): string {
  // Parsing re-creates every object in the schema's key order, whatever order the input had.
  return `${JSON.stringify(Summary.parse(summary), null, 2)}\n`;
}
