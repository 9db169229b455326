/** The contract of the ingest stage: bytes in, text (or pre-extracted finding rows) out. No file I/O here. */
import type { InputFormat } from '../model/records.js';

export interface IngestedText {
  type: 'text';
  format: Exclude<InputFormat, 'csv'>;
  /** e.g. "utf-8", "utf-8-bom", "gb18030", "utf-16le"; null for binary formats (docx, pdf). */
  encoding: string | null;
  /** The decoded text: the "original text" that every span points into. */
  text: string;
}

/** One row of a CSV of findings extracted elsewhere. */
export interface CsvFindingRow {
  /** 1-based data row number (the header is row 0), for messages. */
  row: number;
  /** 1-based line in the file where the row starts. */
  line: number;
  id: string | null;
  unit: string | null;
  text: string;
  /** Every other column, verbatim. */
  meta: Record<string, string>;
}

export interface IngestedCsv {
  type: 'findings';
  format: 'csv';
  encoding: string;
  rows: CsvFindingRow[];
}

export type Ingested = IngestedText | IngestedCsv;

export interface CsvColumns {
  text?: string;
  unit?: string;
  id?: string;
}
