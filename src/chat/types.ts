// The chat adapter interface: what the engine needs from Slack or the console, and nothing more.

/** Slack Block Kit blocks, passed through as JSON. */
export type Block = Record<string, unknown>;

export interface ChatMessage {
  /** mrkdwn; the notification text and what the console prints. User text in it is already escaped. */
  text: string;
  blocks?: Block[];
}

export interface ChatAdapter {
  readonly kind: 'slack' | 'console';
  /** Post in a channel (or in a thread); resolves to the message's ts. */
  post(channel: string, message: ChatMessage, threadTs?: string): Promise<string>;
  update(channel: string, ts: string, message: ChatMessage): Promise<void>;
  /** Only the given user sees it (ephemeral, or a direct message when that fails). */
  postPrivate(channel: string, user: string, message: ChatMessage): Promise<void>;
  /** A file in a thread (a certificate request). */
  attach(channel: string, threadTs: string, file: { name: string; content: string; comment: string }): Promise<void>;
}
