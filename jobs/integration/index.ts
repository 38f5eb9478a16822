// enable-integration / disable-integration (the guide's U5), run on the domain controller (WSE).
// When done, the bot remembers the switch; while it is off, mailbox commands (those that list
// `integrationOn` among their guards) answer so instead of touching Exchange.
import { fileURLToPath } from 'node:url';
import type { CommandGuard } from '../../src/engine/command.ts';
import { defineJob } from '../../src/engine/job-definition.ts';
import { translator } from '../../src/i18n/i18n.ts';
import type { Settings } from '../../src/engine/settings.ts';

const script = (name: string) => fileURLToPath(new URL(`./${name}.ps1`, import.meta.url));

/** The setting that holds the switch as last set through the bot ('on' or 'off'). */
export const INTEGRATION = 'exchange-integration';

export async function integrationIsOn(settings: Settings): Promise<boolean> {
  return (await settings.get(INTEGRATION)) === 'on';
}

export function rememberIntegration(settings: Settings, on: boolean): Promise<void> {
  return settings.set(INTEGRATION, on ? 'on' : 'off');
}

/** A mailbox command's guard: refused, in plain words, while the integration is off. */
export const integrationOn: CommandGuard = async (command, { services, t }) =>
  // (unit tests decide commands without settings: nothing is off there)
  (await services.settings?.get(INTEGRATION)) === 'off' ? t('integration:off', { command: `/exchange ${command.name}` }) : undefined;

function integrationJob(on: boolean) {
  return defineJob<Record<string, never>>({
    kind: on ? 'enable-integration' : 'disable-integration',
    role: 'domain-controller',
    steps: (_p, _hosts, t = translator('en')) => [
      {
        id: on ? 'enable' : 'disable',
        title: on ? t('integration:enable.title') : t('integration:disable.title'),
        script: script(on ? 'enable-integration' : 'disable-integration'),
        params: {},
        outcome: () => (on ? t('integration:enable.outcome') : t('integration:disable.outcome')),
      },
    ],
    onDone: ({ settings }) => rememberIntegration(settings, on),
  });
}

export const enableIntegrationJob = integrationJob(true);
export const disableIntegrationJob = integrationJob(false);
