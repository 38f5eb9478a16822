// /exchange language [fr|en|auto]: the language the bot speaks to you (private answers, refusals,
// the initial password). Remembered per user in Redis and applied at once; `auto` goes back to your
// Slack language. What is posted in a channel (cards, approvals, status) stays in CHANNEL_LANGUAGE.
import { z } from 'zod';
import type { AnswerCommand } from '../src/engine/command.ts';
import { english, LANGUAGES, type Language, translator } from '../src/i18n/i18n.ts';

const schema = z.object({
  choice: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum([...LANGUAGES, 'auto', ''], { error: english('language:errors.choice') })),
  extra: z.array(z.string()).max(0, english('language:errors.extra')),
});

export const language: AnswerCommand<z.output<typeof schema>> = {
  name: 'language',
  usage: 'language:usage',
  summary: 'language:summary',
  role: 'anyone',
  parse: ([choice, ...extra]) => ({ choice: choice ?? '', extra }),
  schema,
  async answer({ choice }, { services, requester, t, channelLang }) {
    const languages = services.languages;
    const channel = t(`common:language.names.${channelLang}`);
    if (!choice) {
      const chosen = await languages?.chosen(requester.user);
      return { text: t(chosen ? 'language:current' : 'language:currentSlack', { language: t('common:language.name'), channel }) };
    }
    if (!languages) return { text: t('language:unavailable') };
    const lang = choice === 'auto' ? undefined : (choice as Language);
    await languages.choose(requester.user, lang);
    // Said in the language now in use, from this very answer on.
    const now = translator(await languages.forUser(requester.user));
    return {
      text: now(lang ? 'language:set' : 'language:auto', { language: now('common:language.name'), channel: now(`common:language.names.${languages.channel}`) }),
    };
  },
};
