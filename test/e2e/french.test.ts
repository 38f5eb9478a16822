// French, end to end: the real app on its HTTP receiver, signed requests in, the Slack stand-in
// recording every call (users.info answers each user's Slack locale). A French user (fr-FR in Slack)
// reads everything said to them privately in French; the channel's card and approvals speak
// CHANNEL_LANGUAGE (English by default, French with fr); `/exchange language en` switches back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpApp, SIGNING_SECRET, startHttpApp } from '../fixtures/app-process.ts';
import { mailbox } from '../fixtures/lab.ts';
import { freshRedisUrl } from '../fixtures/redis-db.ts';
import { buttonClickBody, postSigned, slashCommandBody } from '../fixtures/slack-signing.ts';
import { callText, type SlackCall, SlackStub, slashAnswer } from '../fixtures/slack-stub.ts';

const FRENCH_ADMIN = 'UFRADMIN';
const OTHER_ADMIN = 'UADMIN2';
const FRENCH_NOBODY = 'UFRNOBODY';

interface Bot {
  slack: SlackStub;
  http: HttpApp;
  answered: Map<SlackCall, string>;
}

async function startBot(env: Record<string, string> = {}): Promise<Bot> {
  const slack = await new SlackStub().start();
  slack.locales = { [FRENCH_ADMIN]: 'fr-FR', [FRENCH_NOBODY]: 'fr-CA', [OTHER_ADMIN]: 'en-US' };
  const answered = new Map<SlackCall, string>();
  slack.onAnswer = (call, body) => body.ts && answered.set(call, String(body.ts));
  const http = await startHttpApp({
    slackApiUrl: slack.url,
    redisUrl: await freshRedisUrl(),
    env: { EXCHANGE_ADMINS: `${FRENCH_ADMIN},${OTHER_ADMIN}`, APPROVAL_TIMEOUT: '120', ...env },
  });
  return { slack, http, answered };
}

const command = (bot: Bot, text: string, user = FRENCH_ADMIN) => postSigned(bot.http.url, slashCommandBody({ text, user }), SIGNING_SECRET);
/** A private answer: on the ack, or posted after it when the decision was slow. */
async function privateAnswer(bot: Bot, text: string, user = FRENCH_ADMIN): Promise<string> {
  const mark = bot.slack.calls.length;
  const res = await command(bot, text, user);
  const acked = res.text ? JSON.parse(res.text) : {};
  if (acked.text && !/^(Working on it|C’est en cours)/.test(acked.text)) return acked.text as string;
  await bot.slack.waitFor((calls) => calls.slice(mark).some((c) => c.method === 'chat.postEphemeral'));
  return bot.slack.calls.slice(mark).find((c) => c.method === 'chat.postEphemeral')!.args.text as string;
}
const finalCard = (bot: Bot, re: RegExp) => bot.slack.waitFor(() => bot.slack.of('chat.update').some((c) => re.test(c.args.text)), 45_000);
const updateOf = (bot: Bot, re: RegExp) => bot.slack.of('chat.update').find((c) => re.test(c.args.text))!;

describe('a French user, with the channel in English (the default)', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot();
  });
  afterAll(async () => {
    await bot?.http.app.stop();
    await bot?.slack.stop();
  });

  it('is refused in French: not an administrator, and a bad quota written as French writes sizes', async () => {
    const refusal = await privateAnswer(bot, 'add-user Mallory 1GB', FRENCH_NOBODY);
    expect(refusal).toMatch(/^Désolé, `\/exchange add-user` est réservée aux administrateurs Exchange \(rôle : admin\)/);
    const invalid = await privateAnswer(bot, 'add-user Frank 3TB');
    expect(invalid).toContain('`/exchange add-user` n’a pas été lancée :');
    expect(invalid).toContain('• *quota* 3 To est hors limites : un quota va de 1 Mo à 2 To');
    expect(invalid).toContain('Syntaxe : `/exchange add-user &lt;nom&gt; [quota]');
    const missing = await privateAnswer(bot, 'add-user --alias frank'); // a bare add-user opens the form;
    expect(missing).toContain('*name* est manquant : donnez le nom du nouvel utilisateur, en un mot');
    expect(bot.slack.of('chat.postMessage')).toEqual([]); // nothing started
  });

  it('gets the password message in French, while the channel’s card stays in English', async () => {
    expect((await command(bot, 'add-user Frank 2GB')).text).toBe('');
    await finalCard(bot, /^Done: add-user Frank \(2 GB\) in [\d.]+ s$/);
    const card = callText(updateOf(bot, /^Done: add-user Frank/));
    expect(card).toContain('Job #1 on EXCH · asked by <@UFRADMIN>');
    expect(card).toMatch(/✅ 3\/4 Set the quota: 2 GB \(warning at 90%, sending stops at 95%, receiving at 100%\)/);
    const password = bot.slack.of('chat.postEphemeral').find((c) => /Mot de passe initial/.test(c.args.text))!;
    expect(password.args.user).toBe(FRENCH_ADMIN);
    expect(password.args.text).toMatch(
      /^Mot de passe initial de \*Frank\* \(Frank@contoso\.com, connexion Frank@contoso\.local\) : `[^`]{16}`\nTransmettez-le en personne ; vous seul voyez ce message\.$/,
    );
    expect(mailbox(bot.http.labDir, 'Frank').ProhibitSendReceiveQuota).toBe('2 GB (2,147,483,648 bytes)');
  });

  it('reads a failure’s words, and the help, in French', async () => {
    const help = await privateAnswer(bot, 'help');
    expect(help).toMatch(/^\*Commandes chat-ops Exchange\*/);
    expect(help).toContain('• `/exchange add-user &lt;nom&gt; [quota]');
    expect(help).toContain('Crée un utilisateur avec une boîte aux lettres');
    const user = await privateAnswer(bot, 'user Frank');
    expect(user).toMatch(/^Frank — Frank@contoso\.com: 0 (B|o)/); // the notification text
  });

  it('`/exchange language en` switches that user back to English, at once', async () => {
    expect(await privateAnswer(bot, 'language')).toMatch(/^Je vous parle en français \(votre langue Slack\)\. Les messages des canaux sont en anglais\./);
    expect(await privateAnswer(bot, 'language en')).toBe('From now on I speak English to you. Messages in channels stay in English.');
    const invalid = await privateAnswer(bot, 'add-user Frank 3TB');
    expect(invalid).toContain('• *quota* 3 TB is out of range: a quota is from 1 MB to 2 TB');
    expect(invalid).toContain('Usage: `/exchange add-user &lt;name&gt; [quota]');
    expect(await privateAnswer(bot, 'language auto')).toBe('Désormais je suis votre langue Slack : français. Les messages des canaux restent en anglais.');
    expect(await privateAnswer(bot, 'add-user Frank 3TB')).toContain('3 To est hors limites');
  });
});

describe('CHANNEL_LANGUAGE=fr: the card, its approvals and their outcome in French', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({ CHANNEL_LANGUAGE: 'fr' });
  });
  afterAll(async () => {
    await bot?.http.app.stop();
    await bot?.slack.stop();
  });

  it('writes the card, its checklist and its sizes in French', async () => {
    expect((await command(bot, 'add-user Grace 1GB', OTHER_ADMIN)).text).toBe('');
    await finalCard(bot, /^Terminé : add-user Grace \(1 Go\) en [\d,]+ s$/);
    const posted = bot.slack.of('chat.postMessage').find((c) => !c.args.thread_ts && /add-user Grace/.test(c.args.text))!;
    expect(posted.args.text).toBe('En file d’attente : add-user Grace (1 Go)');
    const card = callText(updateOf(bot, /^Terminé : add-user Grace/));
    expect(card).toContain('Tâche #1 sur EXCH · demandée par <@UADMIN2>');
    expect(card).toMatch(/✅ 1\/4 Vérifier que le nom est libre : Grace est libre/);
    expect(card).toMatch(/✅ 2\/4 Créer la boîte aux lettres : Grace &lt;Grace@contoso\.com&gt; créé/);
    expect(card).toMatch(/✅ 3\/4 Définir le quota : 1 Go \(avertissement à 90 %, envoi bloqué à 95 %, réception à 100 %\) \([\d,]+ s\)/);
    // The requester (English in Slack) gets the password in English: private words are the reader's.
    expect(bot.slack.of('chat.postEphemeral').some((c) => /^Initial password for \*Grace\*/.test(c.args.text))).toBe(true);
  });

  it('a failure on the card in French, from the script’s own sentence', async () => {
    expect((await command(bot, 'add-user Grace 2GB', OTHER_ADMIN)).text).toBe('');
    await finalCard(bot, /^Échec : add-user Grace \(2 Go\)$/);
    await bot.slack.waitFor((calls) =>
      calls.some((c) =>
        /1\/4 Vérifier que le nom est libre : échec\. Impossible d’ajouter Grace : l’alias Grace est déjà utilisé par Grace &lt;Grace@contoso\.com&gt;\. Grace2 est libre : essayez add-user Grace2\./.test(
          c.args.text ?? '',
        ),
      ),
    );
  });

  it('asks the approval in French, refuses the requester in their language, and shows the decision and the final state in French', async () => {
    expect((await command(bot, 'remove-user Grace')).text).toBe('');
    let approval: SlackCall | undefined;
    await bot.slack.waitFor(() => {
      approval = bot.slack.of('chat.postMessage').find((c) => c.args.thread_ts && /^Approbation requise :/.test(c.args.text));
      return Boolean(approval && bot.answered.get(approval));
    });
    expect(approval!.args.text).toBe(
      'Approbation requise : Supprimer la boîte aux lettres et le compte de *Grace* (Grace@contoso.com) : courrier, adresses et connexion disparaissent définitivement.',
    );
    const blocks = approval!.args.blocks as { type: string; elements?: { value?: string; text?: { text: string }; confirm?: { title: { text: string } } }[] }[];
    const buttons = blocks.find((b) => b.type === 'actions')!.elements!;
    expect(buttons.map((b) => b.text!.text)).toEqual(['Approuver', 'Refuser']);
    expect(buttons[0]!.confirm!.title.text).toBe('Vous êtes sûr ?');
    await bot.slack.waitFor(() => bot.slack.of('chat.update').some((c) => c.args.text === 'Attend une approbation : remove-user Grace'));

    const click = (user: string) =>
      postSigned(
        bot.http.url,
        buttonClickBody({ user, actionId: 'approval:approve', value: buttons[0]!.value!, channel: 'CGENERAL', messageTs: bot.answered.get(approval!)! }),
        SIGNING_SECRET,
      );
    // The requester may not approve their own request: told so privately, in French.
    await click(FRENCH_ADMIN);
    await bot.slack.waitFor(() =>
      bot.slack
        .of('chat.postEphemeral')
        .some(
          (c) =>
            c.args.user === FRENCH_ADMIN &&
            c.args.text === 'C’est vous qui l’avez demandé : un autre approbateur doit en décider (double contrôle). Rien n’a été modifié.',
        ),
    );
    // Another approver approves: the approval card shows who, and the card ends in French.
    await click(OTHER_ADMIN);
    await bot.slack.waitFor(() =>
      bot.slack
        .of('chat.update')
        .some((c) => c.args.ts === bot.answered.get(approval!) && /^Approuvé par <@UADMIN2> à \d\d:\d\d UTC : Supprimer/.test(c.args.text)),
    );
    await finalCard(bot, /^Terminé : remove-user Grace en [\d,]+ s$/);
    const final = callText(updateOf(bot, /^Terminé : remove-user Grace/));
    expect(final).toMatch(/✅ 1\/2 Trouver la boîte aux lettres : Grace &lt;Grace@contoso\.com&gt;/);
    expect(final).toMatch(
      /✅ 2\/2 Supprimer la boîte aux lettres et son compte : boîte aux lettres de Grace \(Grace@contoso\.com\) et compte supprimés \(approuvé par <@UADMIN2>\)/,
    );
    expect(mailbox(bot.http.labDir, 'Grace')).toBeUndefined();
  });

  it('answers status in the channel in French', async () => {
    const answer = await slashAnswer(bot.slack, () => command(bot, 'status', OTHER_ADMIN));
    expect(answer.response_type).toBe('in_channel');
    expect(answer.text).toMatch(/^État : WSE (ok|problèmes), EXCH (ok|problèmes)$/);
    const lines = JSON.stringify(answer.blocks);
    // Its health (or, on a loaded machine, that its first check is still running), its worker, its jobs.
    expect(lines).toMatch(/\*EXCH\* — (✅ démarré depuis|⚠️ démarré depuis|⏳ répond ; son premier contrôle de santé tourne encore)/);
    expect(lines).toMatch(/worker en ligne depuis .* — tâches : \d+ en attente, \d+ en cours/);
  });
});
