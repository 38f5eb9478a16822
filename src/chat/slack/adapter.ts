// The Slack chat adapter: Bolt's Web API client behind the ChatAdapter interface.
import { ErrorCode, type WebClient } from '@slack/web-api';
import { log } from '../../log.ts';
import type { ChatAdapter, ChatMessage } from '../types.ts';

export class SlackChat implements ChatAdapter {
  readonly kind = 'slack' as const;
  constructor(private readonly client: WebClient) {}

  async post(channel: string, message: ChatMessage, threadTs?: string): Promise<string> {
    const res = await this.client.chat.postMessage({
      channel,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks as never } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      unfurl_links: false,
      unfurl_media: false,
    });
    return res.ts as string;
  }

  async update(channel: string, ts: string, message: ChatMessage): Promise<void> {
    await this.client.chat.update({ channel, ts, text: message.text, ...(message.blocks ? { blocks: message.blocks as never } : { blocks: [] }) });
  }

  async attach(channel: string, threadTs: string, file: { name: string; content: string; comment: string }): Promise<void> {
    // files.upload is gone: filesUploadV2 = getUploadURLExternal → upload → completeUploadExternal.
    await this.client.filesUploadV2({
      channel_id: channel,
      thread_ts: threadTs,
      file: Buffer.from(file.content, 'utf8'),
      filename: file.name,
      initial_comment: file.comment,
    });
  }

  /** The user's direct conversation with the bot (where a form opened from App Home puts its card). */
  async directChannel(user: string): Promise<string> {
    const im = await this.client.conversations.open({ users: user });
    return im.channel!.id!;
  }

  /** A direct message: for words that belong to no channel (a refused click on App Home). */
  async direct(user: string, message: ChatMessage): Promise<void> {
    await this.post(await this.directChannel(user), message);
  }

  async postPrivate(channel: string, user: string, message: ChatMessage): Promise<void> {
    const body = { text: message.text, ...(message.blocks ? { blocks: message.blocks as never } : {}) };
    try {
      await this.client.chat.postEphemeral({ channel, user, ...body });
    } catch (error) {
      // Ephemeral messages need the user in the channel; a direct message always reaches them.
      // Slack failing (5xx, 429, unreachable) is no refusal: the caller tries the ephemeral again.
      if ((error as { code?: string }).code !== ErrorCode.PlatformError) throw error;
      log.info('ephemeral message refused; sending a direct message', { error: (error as Error).message });
      const im = await this.client.conversations.open({ users: user });
      await this.client.chat.postMessage({ channel: im.channel!.id!, ...body });
    }
  }
}
