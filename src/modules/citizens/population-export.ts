// Reads a population-registry export: CSV with a header row (RFC 4180 quoting, so names with
// commas survive) or JSON Lines. Every row comes back with its line number for the report.

export interface ExportRow {
  readonly line: number;
  readonly fields: Record<string, unknown> | undefined;
  readonly parseError?: string;
}

function splitCsvLine(line: string): string[] | undefined {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  if (quoted) return undefined;
  fields.push(field);
  return fields;
}

export function parseCsv(text: string): ExportRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '')?.map((name) => name.trim()) ?? [];
  const rows: ExportRow[] = [];
  lines.slice(1).forEach((line, index) => {
    if (!line.trim()) return;
    const values = splitCsvLine(line);
    const number = index + 2;
    if (!values || values.length !== header.length) {
      rows.push({ line: number, fields: undefined, parseError: `expected ${header.length} fields` });
      return;
    }
    rows.push({
      line: number,
      fields: Object.fromEntries(header.map((name, i) => [name, values[i] === '' ? undefined : values[i]])),
    });
  });
  return rows;
}

export function parseJsonLines(text: string): ExportRow[] {
  const rows: ExportRow[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
      rows.push({ line: index + 1, fields: value as Record<string, unknown> });
    } catch {
      rows.push({ line: index + 1, fields: undefined, parseError: 'not a JSON object' });
    }
  });
  return rows;
}
