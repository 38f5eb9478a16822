// The forms' own logic, without Slack: a form's values reach the command's schema as its parser's
// output would, the name a message shortcut finds, and the modal's fields and values round trip.
import { describe, expect, it } from 'vitest';
import { addUser, personIn } from '../../commands/add-user.ts';
import { deployProfile } from '../../commands/deploy.ts';
import { shortcutId } from '../../src/engine/form.ts';
import { formMetadata, formModal, submittedValues } from '../../src/chat/slack/views/form-view.ts';
import { viewState } from '../fixtures/slack-signing.ts';

const shown = { lang: 'en' as const, shown: {} };

describe('forms', () => {
  it('add-user: the form and the typed command give the schema the same object', () => {
    const typed = addUser.schema.parse(addUser.parse(['Rosa', '1', 'Go', '--first', 'Rosa']));
    const form = addUser.schema.parse(addUser.form!.args({ name: 'Rosa', alias: '', quota: '1 Go', first: 'Rosa', last: '', ou: '', like: '' }, shown));
    expect(form).toEqual(typed);
    // Empty quota: none of its own, as --no-quota.
    expect(addUser.schema.parse(addUser.form!.args({ name: 'Rosa', quota: '' }, shown)).quota).toBeNull();
    expect(addUser.schema.safeParse(addUser.form!.args({ name: 'Rosa', quota: '2GB', like: 'Frank' }, shown)).success).toBe(false);
  });

  it('deploy profile: only what changed is set, an emptied key is forgotten', () => {
    const args = deployProfile.form!.args(
      { domain: 'contoso.com', 'public-ip': '203.0.113.10', organization: '' },
      { lang: 'en', shown: { domain: 'contoso.com', organization: 'First Organization' } },
    );
    expect(deployProfile.schema.parse(args)).toEqual({ show: false, changes: { 'public-ip': '203.0.113.10', organization: null } });
    expect(deployProfile.schema.parse(deployProfile.parse(['set', 'domain', 'fabrikam.com']))).toEqual({ show: false, changes: { domain: 'fabrikam.com' } });
    expect(deployProfile.schema.safeParse(deployProfile.parse(['set', 'constructor', 'x'])).success).toBe(false);
  });

  it('finds the person a message names', () => {
    expect(personIn({ text: 'Please add Marie Dupont, she starts Monday.' })).toEqual({ first: 'Marie', last: 'Dupont' });
    expect(personIn({ text: 'Welcome Jean-Luc Picard to the team' })).toEqual({ first: 'Jean-Luc', last: 'Picard' });
    expect(personIn({ text: 'anything', person: 'Élodie Martin' })).toEqual({ first: 'Élodie', last: 'Martin' });
    expect(personIn({ text: 'no name here' })).toBeUndefined();
    expect(shortcutId('add-user', 'global')).toBe('add_user');
    expect(shortcutId('add-user', 'message')).toBe('add_user_message');
  });

  it('a modal round trip: block ids are the fields, values come back by field', () => {
    const modal = formModal(
      {
        command: 'x',
        title: 'A very long title that Slack would refuse',
        submit: 'Go',
        fields: [
          { id: 'name', type: 'text', label: 'Name', initial: 'Ann' },
          { id: 'on', type: 'checkbox', label: 'On', option: 'turned on', initial: true },
        ],
      },
      'en',
      'C1',
    ) as any;
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
    expect(formMetadata(modal.private_metadata)).toEqual({ command: 'x', channel: 'C1', shown: { name: 'Ann' } });
    expect(submittedValues(viewState(modal, { name: '  Bob ', on: false }) as never)).toEqual({ name: 'Bob', on: false });
    expect(submittedValues(viewState(modal, {}) as never)).toEqual({ name: 'Ann', on: true });
  });
});
