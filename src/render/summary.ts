/** summary.json: the Summary, pretty-printed, keys in schema order, with a trailing newline. */
import { Summary, type UnitLinkage } from '../aggregate/schema.js';
import { withoutUnits, type ReportStream } from './stream.js';

export function renderSummaryJson(summary: Summary): string {
  // Parsing re-creates every object in the schema's key order, whatever order the input had.
  return summaryJsonText(Summary.parse(summary));
}

/** summary.json of a summary already parsed (Summary.parse: schema key order), whole. */
export function summaryJsonText(parsed: Summary): string {
  return `${JSON.stringify(parsed, null, 2)}\n`;
}

/** Where the linkage's units stand in the pretty-printed summary (summary.linkage.units, the last key of the last key). */
const UNITS = '"units": []';
const UNIT_INDENT = '\n      ';

/**
 * summary.json a unit at a time: summaryJsonText(summary) (`JSON.stringify(summary, null, 2)` +
 * "\n"), the units of the linkage stringified one by one at their depth. `head` and every unit must be parsed already
 * (Summary.parse, UnitLinkage.parse: schema key order); head's linkage.units is ignored.
 */
export function summaryJsonStream(head: Summary): ReportStream {
  const text = JSON.stringify(withoutUnits(head), null, 2);
  // linkage is the summary's last key and units the linkage's last: the text ends `"units": []\n  }\n}`.
  const at = text.lastIndexOf(UNITS);
  if (at < 0 || text.slice(at + UNITS.length) !== '\n  }\n}') throw new Error('summary.json: the linkage units are not where the schema puts them');
  return {
    head: () => text.slice(0, at + UNITS.length - 2),
    // JSON text has no raw line break inside a string: every "\n" is a line of the layout.
    unit: (u: UnitLinkage, i: number) => (i ? `,${UNIT_INDENT}` : `[${UNIT_INDENT}`) + JSON.stringify(u, null, 2).replace(/\n/g, UNIT_INDENT),
    tail: (count: number) => `${count ? '\n    ]' : '[]'}\n  }\n}\n`,
  };
}
