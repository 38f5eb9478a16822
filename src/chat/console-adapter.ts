// The console chat: what the channel and its threads would show, printed as it happens.
// Works piped as well as on a terminal. A card prints each checklist line that changed (as a
// line of its job's thread would), then its state line when the state changed; thread lines
// carry their job's number, since jobs may interleave.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Language, t } from '../i18n/i18n.ts';
import { withoutDateTokens } from './slack-time.ts';
import type { ChatAdapter, ChatMessage } from './types.ts';

/** Slack mrkdwn as a terminal shows it: mentions, dates and escapes made plain. */
export function plain(text: string, lang: Language = 'en'): string {
  return withoutDateTokens(text)
    .replace(/<@UCONSOLE>/g, t(lang, 'common:console.you'))
    .replace(/<@([UW][A-Z0-9]+)>/g, '@$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** A job card's number, from its context line ("Job #12 on EXCH …", in any language). */
function jobLabel(message: ChatMessage): string | undefined {
  const context = (message.blocks ?? []).find((b) => (b as { type?: string }).type === 'context') as { elements?: { text?: string }[] } | undefined;
  return /(#\d+)/.exec(context?.elements?.[0]?.text ?? '')?.[1];
}

/** A card's state, as its text starts ("Running (step 2 of 4): …" → "Running"; "Terminé : …" → "Terminé"). */
function stateOf(message: ChatMessage): string {
  return (message.text.split(/[:(]/)[0] ?? '').trim();
}

/** An answer's blocks as lines of text (a private answer's detail lives in its blocks). */
function blockText(message: ChatMessage): string | undefined {
  const parts: string[] = [];
  for (const block of message.blocks ?? []) {
    const b = block as { type: string; text?: { text: string }; elements?: { text?: string }[] };
    if (b.type === 'section' && b.text) parts.push(b.text.text);
    if (b.type === 'context') parts.push(...(b.elements ?? []).map((e) => e.text ?? ''));
  }
  return parts.length ? parts.join('\n') : undefined;
}

/** A job card's checklist lines (the sections after its context line). */
function checklist(message: ChatMessage): string[] {
  const blocks = (message.blocks ?? []) as { type: string; text?: { text: string } }[];
  const from = blocks.findIndex((b) => b.type === 'context');
  return blocks
    .slice(from + 1)
    .filter((b) => b.type === 'section' && b.text && /^\S+ \d+\/\d+ /.test(b.text.text))
    .flatMap((b) => b.text!.text.split('\n'));
}

export class ConsoleChat implements ChatAdapter {
  readonly kind = 'console' as const;
  private seq = 0;
  private readonly threadOf = new Map<string, string | undefined>();
  private readonly labelOf = new Map<string, string>();
  private readonly lastState = new Map<string, string>();
  private readonly lastChecklist = new Map<string, string[]>();

  constructor(
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    private readonly filesDir = path.resolve('.data', 'files'),
    /** The console user's language (/exchange language), for what the console says itself. */
    private readonly lang: () => Language = () => 'en',
  ) {}

  /** The console keeps files in DATA_DIR/files and says where. */
  async attach(_channel: string, threadTs: string, file: { name: string; content: string; comment: string }): Promise<void> {
    mkdirSync(this.filesDir, { recursive: true });
    const target = path.join(this.filesDir, path.basename(file.name));
    writeFileSync(target, file.content);
    this.printLines(`    ${this.labelOf.get(threadTs) ?? ''} │ `, `📎 ${plain(file.comment, this.lang())}: ${target}`);
  }

  async post(_channel: string, message: ChatMessage, threadTs?: string): Promise<string> {
    const ts = `${Math.floor(Date.now() / 1000)}.${String(++this.seq).padStart(6, '0')}`;
    this.threadOf.set(ts, threadTs);
    if (!threadTs) this.labelOf.set(ts, jobLabel(message) ?? '');
    this.print(ts, message, threadTs);
    return ts;
  }

  async update(_channel: string, ts: string, message: ChatMessage): Promise<void> {
    const thread = this.threadOf.get(ts);
    if (!thread) {
      const label = this.labelOf.get(ts);
      if (label) {
        const before = this.lastChecklist.get(ts) ?? [];
        const lines = checklist(message);
        // A step still to come has nothing to say yet.
        for (const line of lines) if (!before.includes(line) && !line.startsWith('▫️')) this.printLines(`    ${label} │ `, plain(line, this.lang()));
        this.lastChecklist.set(ts, lines);
      }
      if (this.lastState.get(ts) === stateOf(message)) return;
    }
    this.print(ts, message, thread);
  }

  async postPrivate(_channel: string, _user: string, message: ChatMessage): Promise<void> {
    this.printLines(`  ${t(this.lang(), 'common:console.onlyYou')} `, plain(blockText(message) ?? message.text, this.lang()));
  }

  private print(ts: string, message: ChatMessage, threadTs: string | undefined): void {
    if (threadTs) {
      this.printLines(`    ${this.labelOf.get(threadTs) ?? ''} │ `, plain(message.text, this.lang()));
    } else {
      this.lastState.set(ts, stateOf(message));
      const label = this.labelOf.get(ts);
      // A job card's text says it all; any other message (status) keeps its detail in blocks.
      this.printLines(label ? `● ${label} ` : '● ', plain(label ? message.text : (blockText(message) ?? message.text), this.lang()));
    }
  }

  private printLines(prefix: string, text: string): void {
    const pad = ' '.repeat(prefix.length);
    for (const [i, line] of text.split('\n').entries()) this.write((i === 0 ? prefix : pad) + line);
  }
}
