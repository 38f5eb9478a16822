// The one place user text is made safe for Slack: &, < and > escaped, so `<!channel>` pings nobody
// and `<http://evil|bank>` is no link.
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack sends slash-command text with &, < and > escaped; commands see what the user typed. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** For a code span: a backtick would end it, so it is swapped for a look-alike. */
export function codeSpan(text: string): string {
  return `\`${escapeSlack(text).replace(/`/g, 'ˋ')}\``;
}
