// enable-integration / disable-integration (the guide's U5), run on WSE. When done, the bot
// remembers the switch: while it is off, mailbox commands answer so instead of touching Exchange.
import { fileURLToPath } from 'node:url';
import type { JobDefinition } from '../../src/engine/job-definition.ts';
import { INTEGRATION } from '../../src/engine/settings.ts';

const script = (name: string) => fileURLToPath(new URL(`./${name}.ps1`, import.meta.url));

function integrationJob(on: boolean): JobDefinition<Record<string, never>> {
  return {
    kind: on ? 'enable-integration' : 'disable-integration',
    steps: () => [
      {
        id: on ? 'enable' : 'disable',
        title: on ? 'Turn the Exchange integration on' : 'Turn the Exchange integration off',
        script: script(on ? 'enable-integration' : 'disable-integration'),
        params: {},
        outcome: () => (on ? 'the Dashboard manages mailboxes again' : 'the Dashboard (and this bot) no longer touch mailboxes'),
      },
    ],
    onDone: ({ settings }) => settings.set(INTEGRATION, on ? 'on' : 'off'),
  };
}

export const enableIntegrationJob = integrationJob(true);
export const disableIntegrationJob = integrationJob(false);
