/**
 * A small RFC 4180 CSV reader for the Entra portal's provisioning log download: quoted fields with `""`
 * escapes and embedded line breaks, CRLF or LF line ends, a UTF-8 byte order mark. A quote left open at
 * the end of the text (a truncated download) does not throw: the rows before it are returned and the
 * broken row is reported with its line.
 */

/** Rows of fields, plus where the text stopped being readable. */
export interface CsvParse {
  rows: string[][];
  /** Line (1-based) each row starts on, parallel to `rows`. */
  lines: number[];
  /** Set when the last record is unterminated (an open quote at end of input). */
  truncated?: { line: number; reason: string };
}

/** Splits CSV text into rows (RFC 4180 §2); empty lines are skipped. */
export function parseCsv(text: string): CsvParse {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let fieldStarted = false;
  const endRow = () => {
    row.push(field);
    if (!(row.length === 1 && row[0] === "" && !fieldStarted)) {
      rows.push(row);
      lines.push(rowLine);
    }
    row = [];
    field = "";
    fieldStarted = false;
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === "") {
      quoted = true;
      fieldStarted = true;
    } else if (ch === ",") {
      row.push(field);
      field = "";
      fieldStarted = true;
    } else if (ch === "\r" && src[i + 1] === "\n") {
      continue;
    } else if (ch === "\n" || ch === "\r") {
      endRow();
      line++;
      rowLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) {
    return {
      rows,
      lines,
      truncated: { line: rowLine, reason: "a quoted field is not closed (truncated file?)" },
    };
  }
  if (field !== "" || row.length > 0 || fieldStarted) endRow();
  return { rows, lines };
}

/** One data row as `header → value`, with the line it starts on. */
export interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

/**
 * The rows after the header as records keyed by the header names. Rows with more fields than the header
 * are reported in `problems`; short rows get "" for the missing fields.
 */
export function csvRecords(text: string): {
  header: string[];
  records: CsvRecord[];
  problems: { line: number; reason: string }[];
} {
  const parsed = parseCsv(text);
  const [header = [], ...body] = parsed.rows;
  const records: CsvRecord[] = [];
  const problems: { line: number; reason: string }[] = [];
  body.forEach((fields, i) => {
    const line = parsed.lines[i + 1] ?? 0;
    if (fields.length > header.length) {
      problems.push({ line, reason: `${fields.length} fields but the header has ${header.length}` });
      return;
    }
    const values: Record<string, string> = {};
    header.forEach((name, j) => (values[name] = fields[j] ?? ""));
    records.push({ line, values });
  });
  if (parsed.truncated) problems.push(parsed.truncated);
  return { header, records, problems };
}
