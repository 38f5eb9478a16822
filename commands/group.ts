// /exchange group add <name> [--members <user,…>], group add-member <group> <user,…>,
// group remove-member <group> <user,…>, group members <group>, groups [filter]: distribution groups.
// Lists are comma-separated; a name with spaces goes in double quotes. The questions answer privately.
import { z } from 'zod';
import { escapeSlack } from '../src/chat/escape.ts';
import type { JobCommand, QueryCommand } from '../src/engine/command.ts';
import { english } from '../src/i18n/i18n.ts';
import { type GroupList, type GroupMemberList, groupAddJob, groupListQuery, groupMembersJob, groupMembersQuery } from '../jobs/group/index.ts';
import { integrationOn } from '../jobs/integration/index.ts';
import { displayName, memberList, namedWithMembers, parseNamedWithMembers } from './named-with-members.ts';

const groupIdentity = z.string({ error: english('group:errors.groupMissing') }).regex(/^[\p{L}\p{M}\p{N} ._'@+-]{1,256}$/u, english('group:errors.group'));

const addSchema = namedWithMembers(displayName('group:name'));

export const groupAdd: JobCommand<z.output<typeof addSchema>> = {
  name: 'group add',
  usage: 'group:add.usage',
  summary: 'group:add.summary',
  role: 'admin',
  guards: [integrationOn],
  parse: parseNamedWithMembers,
  schema: addSchema,
  plan: ({ name, alias, members }, { channelT: t }) =>
    groupAddJob.plan(
      { name, alias, members: members ?? [] },
      members?.length ? t('group:add.cardMembers', { name: escapeSlack(name), count: members.length }) : t('group:add.card', { name: escapeSlack(name) }),
    ),
};

const membersSchema = z.object({ group: groupIdentity, members: memberList, extra: z.array(z.string()).max(0, english('group:errors.oneList')) });

function memberCommand(remove: boolean): JobCommand<z.output<typeof membersSchema>> {
  const name = remove ? 'group remove-member' : 'group add-member';
  return {
    name,
    usage: remove ? 'group:removeMember.usage' : 'group:addMember.usage',
    summary: remove ? 'group:removeMember.summary' : 'group:addMember.summary',
    role: 'admin',
    guards: [integrationOn],
    parse: ([group, members, ...extra]) => ({ group, members, extra }),
    schema: membersSchema,
    plan: ({ group, members }) => groupMembersJob.plan({ group, members, remove }, `${name} ${escapeSlack(group)} ${escapeSlack(members.join(', '))}`),
  };
}
export const groupAddMember = memberCommand(false);
export const groupRemoveMember = memberCommand(true);

const oneGroup = z.object({ group: groupIdentity, extra: z.array(z.string()).max(0, english('group:errors.oneGroup')) });

export const groupMembers: QueryCommand<z.output<typeof oneGroup>, GroupMemberList> = {
  name: 'group members',
  usage: 'group:members.usage',
  summary: 'group:members.summary',
  role: 'admin',
  guards: [integrationOn],
  parse: ([group, ...extra]) => ({ group, extra }),
  schema: oneGroup,
  query: ({ group }) => groupMembersQuery.ask({ group }),
  render: (r, _args, t) => {
    const e = escapeSlack;
    const head = `*${e(r.Name)}* ${e(r.PrimarySmtpAddress)} — ${t('group:members.count', { count: r.Members.length })}`;
    const lines = r.Members.map((m) => `• ${e(m.Name)} ${e(m.PrimarySmtpAddress)}`);
    return { text: head.replace(/\*/g, ''), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: [head, ...lines].join('\n').slice(0, 3000) } }] };
  },
};

const listSchema = z.object({
  filter: z
    .string()
    .max(64, english('common:tooLong', { maximum: 64 }))
    .regex(/^[\p{L}\p{M}\p{N} ._'@+-]*$/u, english('group:errors.filter')),
  extra: z.array(z.string()).max(0, english('group:errors.oneFilter')),
});

export const groups: QueryCommand<z.output<typeof listSchema>, GroupList> = {
  name: 'groups',
  usage: 'group:list.usage',
  summary: 'group:list.summary',
  role: 'admin',
  guards: [integrationOn],
  parse: ([filter, ...extra]) => ({ filter: filter ?? '', extra }),
  schema: listSchema,
  query: ({ filter }) => groupListQuery.ask({ filter }),
  render: (r, { filter }, t) => {
    const e = escapeSlack;
    const head = `*${filter ? t('group:list.headMatching', { count: r.groups.length, filter: e(filter) }) : t('group:list.head', { count: r.groups.length })}*`;
    const lines = r.groups.map((g) => `• *${e(g.Name)}* ${e(g.PrimarySmtpAddress)} — ${t('group:members.count', { count: g.MemberCount })}`);
    return { text: head.replace(/\*/g, ''), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: [head, ...lines].join('\n').slice(0, 3000) } }] };
  },
};
