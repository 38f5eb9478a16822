import { expect, it } from 'vitest';
import { cardText, renderCard, stepLine } from '../../src/engine/job-card.ts';
import type { JobData } from '../../src/engine/job-data.ts';

const job = (over: Partial<JobData>): JobData => ({
  kind: 'add-user',
  host: 'EXCH',
  params: {},
  summary: 'add-user Frank (2 GB)',
  requester: 'U1',
  channel: 'C1',
  createdAt: 0,
  state: 'queued',
  steps: [],
  ...over,
});
const steps = (states: string[]) => states.map((state, i) => ({ id: `s${i}`, title: `Step ${i}`, state })) as JobData['steps'];

it('starts the card text with the state', () => {
  expect(cardText(job({}))).toBe('Queued: add-user Frank (2 GB)');
  expect(cardText(job({ state: 'running', steps: steps(['done', 'running', 'pending']) }))).toBe('Running (step 2 of 3): add-user Frank (2 GB)');
  expect(cardText(job({ state: 'waiting' }))).toBe('Waiting for approval: add-user Frank (2 GB)');
  expect(cardText(job({ state: 'done', startedAt: 1000, endedAt: 2400 }))).toBe('Done: add-user Frank (2 GB) in 1.4 s');
  expect(cardText(job({ state: 'failed' }))).toBe('Failed: add-user Frank (2 GB)');
  expect(cardText(job({ state: 'cancelled' }))).toBe('Cancelled: add-user Frank (2 GB)');
});

it('shows a checklist and the failure in the blocks', () => {
  const card = renderCard(
    'job-7',
    job({ state: 'failed', steps: [...steps(['done']), { id: 'x', title: 'Create the mailbox', state: 'failed', error: 'no way' }] }),
  );
  const text = JSON.stringify(card.blocks);
  expect(text).toContain('Job #7 on EXCH');
  expect(text).toContain('✅ 1/2 Step 0: done');
  expect(text).toContain('*Create the mailbox* failed: no way');
});

it('writes step lines for the thread', () => {
  expect(stepLine(0, 3, { id: 'a', title: 'Set the quota', state: 'running' })).toBe('⏳ 1/3 Set the quota…');
  expect(stepLine(1, 3, { id: 'a', title: 'Set the quota', state: 'done', outcome: '2 GB', startedAt: 1000, endedAt: 1200 })).toBe(
    '✅ 2/3 Set the quota: 2 GB (0.2 s)',
  );
  expect(stepLine(1, 3, { id: 'a', title: 'Create the mailbox', state: 'skipped', outcome: 'Frank exists' })).toBe(
    '☑️ 2/3 Create the mailbox: already done (Frank exists)',
  );
});

it('says approval timeouts as people do', async () => {
  const { timeoutWords } = await import('../../src/engine/approvals/card.ts');
  expect(timeoutWords(1800_000)).toBe('30 minutes');
  expect(timeoutWords(3600_000)).toBe('1 hour');
  expect(timeoutWords(3_000)).toBe('3 seconds');
  expect(timeoutWords(90_000)).toBe('1 min 30 s');
});
