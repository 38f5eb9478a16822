// Distribution groups: group add (check the name is free and the members exist → create it),
// add-member / remove-member (probed: members already in, or already out, are left alone),
// and the read-only questions behind `group members` and `groups`.
import { fileURLToPath } from 'node:url';
import { defineJob, defineQuery } from '../../src/engine/job-definition.ts';
import { translator } from '../../src/i18n/i18n.ts';

const script = (name: string) => fileURLToPath(new URL(`./${name}.ps1`, import.meta.url));

export interface GroupAddParams {
  name: string;
  alias: string;
  members: string[];
}

export const groupAddJob = defineJob<GroupAddParams>({
  role: 'exchange',
  kind: 'group-add',
  steps: ({ name, alias, members }, _hosts, t = translator('en')) => {
    const params = { Name: name, Alias: alias, Members: members };
    return [
      {
        id: 'check-free',
        title: t('group:steps.checkFree'),
        script: script('test-group-free'),
        params,
        outcome: (r: { Members: string[] }) =>
          r.Members.length ? t('group:outcomes.freeMembers', { name, members: r.Members.join(', ') }) : t('group:outcomes.free', { name }),
      },
      {
        id: 'create-group',
        title: t('group:steps.create'),
        script: script('new-group'),
        params,
        probe: { script: script('test-group'), params },
        outcome: (r: { Name: string; PrimarySmtpAddress: string; Members: string[] }) =>
          r.Members.length
            ? t('group:outcomes.createdWith', { name: r.Name, address: r.PrimarySmtpAddress, members: r.Members.join(', ') })
            : t('group:outcomes.createdEmpty', { name: r.Name, address: r.PrimarySmtpAddress }),
      },
    ];
  },
});

export interface GroupMembersParams {
  group: string;
  members: string[];
  remove: boolean;
}

export const groupMembersJob = defineJob<GroupMembersParams>({
  role: 'exchange',
  kind: 'group-members',
  steps: ({ group, members, remove }, _hosts, t = translator('en')) => {
    const params = { Group: group, Members: members, Remove: remove };
    return [
      {
        id: remove ? 'remove-members' : 'add-members',
        title: remove ? t('group:steps.remove') : t('group:steps.add'),
        script: script('set-group-members'),
        params,
        probe: { script: script('test-group-members'), params },
        recordInAudit: remove,
        outcome: (r: { Group: string; Changed: string[]; Unchanged: string[] }) => {
          const changed = r.Changed.length
            ? t(remove ? 'group:outcomes.removed' : 'group:outcomes.added', { members: r.Changed.join(', '), group: r.Group })
            : t('group:outcomes.nothing');
          if (!r.Unchanged.length) return changed;
          return t(remove ? 'group:outcomes.notMembers' : 'group:outcomes.alreadyIn', { changed, members: r.Unchanged.join(', ') });
        },
      },
    ];
  },
});

/** What get-group-members.ps1 answers. */
export interface GroupMemberList {
  Name: string;
  PrimarySmtpAddress: string;
  Members: { Name: string; PrimarySmtpAddress: string }[];
}

export const groupMembersQuery = defineQuery<{ group: string }, GroupMemberList>({
  kind: 'group-member-list',
  role: 'exchange',
  script: script('get-group-members'),
  params: ({ group }) => ({ Group: group }),
});

/** What get-groups.ps1 answers. */
export interface GroupList {
  groups: { Name: string; PrimarySmtpAddress: string; MemberCount: number }[];
}

export const groupListQuery = defineQuery<{ filter: string }, GroupList>({
  kind: 'group-list',
  role: 'exchange',
  script: script('get-groups'),
  params: ({ filter }) => ({ Filter: filter }),
});
