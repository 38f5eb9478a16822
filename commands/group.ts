// /exchange group add <name> [--members <user,…>], group add-member <group> <user,…>,
// group remove-member <group> <user,…>, group members <group>, groups [filter]: distribution groups.
// Lists are comma-separated; a name with spaces goes in double quotes. The questions answer privately.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { JobCommand, QueryCommand } from '../src/engine/command.ts';
import { type GroupList, type GroupMemberList, groupAddJob, groupListQuery, groupMembersJob, groupMembersQuery } from '../jobs/group/index.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import { displayName, memberList, namedWithMembers, parseNamedWithMembers } from './named-with-members.ts';

const groupIdentity = z.string({ error: 'is missing: name the group' }).regex(/^[\p{L}\p{M}\p{N} ._'@+-]{1,256}$/u, 'must be a group’s name, alias or address');

const addSchema = namedWithMembers(displayName('the group’s name'));

export const groupAdd: JobCommand<z.output<typeof addSchema>> = {
  name: 'group add',
  usage: 'group add <name> [--members <user,…>]',
  summary: 'Create a distribution group, with its first members.',
  role: 'admin',
  guards: [integrationOn],
  parse: parseNamedWithMembers,
  schema: addSchema,
  plan: ({ name, alias, members }) =>
    groupAddJob.plan(
      { name, alias, members: members ?? [] },
      `group add ${escapeSlack(name)}${members?.length ? ` (${members.length} member${members.length === 1 ? '' : 's'})` : ''}`,
    ),
};

const membersSchema = z.object({ group: groupIdentity, members: memberList, extra: z.array(z.string()).max(0, 'the users go in one comma-separated list') });

function memberCommand(remove: boolean): JobCommand<z.output<typeof membersSchema>> {
  const name = remove ? 'group remove-member' : 'group add-member';
  return {
    name,
    usage: `${name} <group> <user,…>`,
    summary: remove ? 'Take users out of a distribution group.' : 'Put users in a distribution group.',
    role: 'admin',
    guards: [integrationOn],
    parse: ([group, members, ...extra]) => ({ group, members, extra }),
    schema: membersSchema,
    plan: ({ group, members }) => groupMembersJob.plan({ group, members, remove }, `${name} ${escapeSlack(group)} ${escapeSlack(members.join(', '))}`),
  };
}
export const groupAddMember = memberCommand(false);
export const groupRemoveMember = memberCommand(true);

const oneGroup = z.object({ group: groupIdentity, extra: z.array(z.string()).max(0, 'one group at a time') });

export const groupMembers: QueryCommand<z.output<typeof oneGroup>, GroupMemberList> = {
  name: 'group members',
  usage: 'group members <group>',
  summary: 'Who is in a distribution group.',
  role: 'admin',
  guards: [integrationOn],
  parse: ([group, ...extra]) => ({ group, extra }),
  schema: oneGroup,
  query: ({ group }) => groupMembersQuery.ask({ group }),
  render: (r) => {
    const e = escapeSlack;
    const head = `*${e(r.Name)}* ${e(r.PrimarySmtpAddress)} — ${r.Members.length} member${r.Members.length === 1 ? '' : 's'}`;
    const lines = r.Members.map((m) => `• ${e(m.Name)} ${e(m.PrimarySmtpAddress)}`);
    return { text: head.replace(/\*/g, ''), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: [head, ...lines].join('\n').slice(0, 3000) } }] };
  },
};

const listSchema = z.object({
  filter: z
    .string()
    .max(64, 'is longer than 64 characters')
    .regex(/^[\p{L}\p{M}\p{N} ._'@+-]*$/u, "may hold letters, digits, spaces and . _ ' @ + - only"),
  extra: z.array(z.string()).max(0, 'one filter (in double quotes if it has spaces)'),
});

export const groups: QueryCommand<z.output<typeof listSchema>, GroupList> = {
  name: 'groups',
  usage: 'groups [filter]',
  summary: 'The distribution groups, with their member counts.',
  role: 'admin',
  guards: [integrationOn],
  parse: ([filter, ...extra]) => ({ filter: filter ?? '', extra }),
  schema: listSchema,
  query: ({ filter }) => groupListQuery.ask({ filter }),
  render: (r, { filter }) => {
    const e = escapeSlack;
    const head = `*${r.groups.length} group${r.groups.length === 1 ? '' : 's'}${filter ? ` matching “${e(filter)}”` : ''}*`;
    const lines = r.groups.map((g) => `• *${e(g.Name)}* ${e(g.PrimarySmtpAddress)} — ${g.MemberCount} member${g.MemberCount === 1 ? '' : 's'}`);
    return { text: head.replace(/\*/g, ''), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: [head, ...lines].join('\n').slice(0, 3000) } }] };
  },
};
