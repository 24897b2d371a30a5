/**
 * Escaping of untrusted text (caller names, notes, any value from an input) for every output:
 * HTML, Markdown, CSV and the terminal. One module, so every renderer escapes the same way.
 */

/** Terminal text: control characters (ANSI escapes, CR, bell...) replaced so the data cannot drive the terminal. */
export function plain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD');
}
