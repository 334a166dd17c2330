import { stringify, type Options } from "csv-stringify/sync";

/**
 * A text cell a spreadsheet would run as a formula — starting with `=`, `+`, `-`, `@`, a tab or a carriage return,
 * other than a plain signed number — prefixed with `'` so it is shown as text (OWASP "CSV injection"; a customer's message can say `=HYPERLINK(…)`).
 * @returns the cell, safe to open in Excel, Sheets or LibreOffice
 */
export function neutralizeFormula(value: string): string {
  // a signed number written as text ("-0.500", "+62") is data, not a formula
  if (/^[+-]?\d+(\.\d+)?$/.test(value)) return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Every CSV export's writer (csv-stringify), with each text cell passed through {@link neutralizeFormula}; numbers,
 * dates and booleans are written as they are.
 */
export function toCsv(rows: unknown[], options: Options = {}): string {
  return stringify(rows, { ...options, cast: { ...options.cast, string: (value) => neutralizeFormula(value) } });
}
