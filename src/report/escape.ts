/**
 * Escaping of untrusted text (caller names, notes, any value from an input) for every output:
 * HTML, Markdown, CSV and the terminal. One module, so every renderer escapes the same way.
 */

/** Terminal text: control characters (ANSI escapes, CR, bell...) replaced so the data cannot drive the terminal. */
export function plain(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD');
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * HTML text and attribute values: `& < > " '` as entities, control characters (including CR and LF,
 * which have no place inside a cell or an attribute) replaced. Safe in element content and in quoted
 * attributes; never put untrusted text in a tag name, an unquoted attribute, a URL, a style or a script.
 */
export function html(text: string): string {
  return plain(text.replace(/[\r\n\u2028\u2029]+/g, ' ')).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/**
 * Characters with a meaning inside a Markdown line (CommonMark + GitHub tables, strikethrough, math),
 * backslash-escaped. `(`, `!` and `#` need no escape once `[` is escaped and the text cannot start a line.
 */
const MARKDOWN_SPECIAL = /[\\`*_[\]<>|~&$]/g;
/** Bare URLs that GitHub-flavoured renderers would turn into links. */
const AUTOLINK = /\b(https?|ftp|mailto)(:)|\b(www)(\.)/gi;

/**
 * Markdown inline text (a paragraph, a list item, a table cell): one line (CR, LF and line separators
 * become spaces, so a value cannot start a heading, a list or a new table row), control characters
 * replaced, the punctuation Markdown gives a meaning to backslash-escaped (links, images, emphasis,
 * code, raw HTML, table pipes) and bare URLs broken so they are not turned into links.
 */
export function markdown(text: string): string {
  return plain(text.replace(/[\r\n\u2028\u2029]+/g, ' '))
    .replace(MARKDOWN_SPECIAL, (c) => `\\${c}`)
    .replace(AUTOLINK, (_m, scheme, colon, www, dot) => (scheme ? `${scheme}\\${colon}` : `${www}\\${dot}`));
}

/**
 * First characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a cell as a formula
 * or a command: `= + - @`, tab and CR (OWASP "CSV injection"), and their full-width forms.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * One CSV cell (RFC 4180, comma-separated). A cell that a spreadsheet would run is neutralised by a
 * leading apostrophe, which spreadsheets display as text and do not show: `+33612345678` is written
 * `'+33612345678`, `=HYPERLINK(...)` is written `'=HYPERLINK(...)`. Nothing else is changed, so a
 * program reading the file gets the value back by removing that one apostrophe from cells that start
 * with `'` followed by one of those characters. Cells holding a comma, a quote, CR or LF are quoted
 * (quotes doubled); line breaks inside a cell are kept.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'number' ? String(value) : value;
  if (FORMULA_START.test(s)) s = `'${s}`;
  if (/[",\r\n]/.test(s) || s !== s.trim()) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** Reverses `csvCell`'s apostrophe for a cell already unquoted by a CSV parser. */
export function csvValue(cell: string): string {
  return cell.length > 1 && cell[0] === "'" && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** One CSV line from cells, ended by CRLF (RFC 4180). */
export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  let out = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) out += ',';
    out += csvCell(cells[i]);
  }
  return `${out}\r\n`;
}

/**
 * Markdown code span: the text shown exactly as it is (file names, fingerprints, command lines). Fenced
 * with more backticks than the longest run inside, on one line. In a table cell, `|` still ends the cell
 * inside a code span (GitHub tables), so it is backslash-escaped there (`inTable`).
 */
export function markdownCode(text: string, inTable = false): string {
  let line = plain(text.replace(/[\r\n\u2028\u2029]+/g, ' '));
  if (inTable) line = line.replace(/\|/g, '\\|');
  let longest = 0;
  for (const run of line.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = line.startsWith('`') || line.endsWith('`') || line === '' ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}
