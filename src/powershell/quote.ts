// The one place a string becomes PowerShell source: only for our own file paths, never user text.
// PowerShell treats U+2018..U+201B like ' inside single-quoted strings, so every one is doubled.
export function quotePsLiteral(text: string): string {
  if (/[\r\n\0]/.test(text)) throw new Error('refusing to quote a string with a line break or NUL');
  return `'${text.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

/** Base64 of UTF-8 JSON: what every script parameter travels as. Only [A-Za-z0-9+/=]. */
export function toBase64Json(value: unknown): string {
  return Buffer.from(JSON.stringify(value ?? {}), 'utf8').toString('base64');
}
