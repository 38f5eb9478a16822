// Distribution groups: group add (check the name is free and the members exist → create it),
// add-member / remove-member (probed: members already in, or already out, are left alone),
// and the read-only questions behind `group members` and `groups`.
import { fileURLToPath } from 'node:url';
import { defineJob, defineQuery } from '../../src/engine/job-definition.ts';

const script = (name: string) => fileURLToPath(new URL(`./${name}.ps1`, import.meta.url));

export interface GroupAddParams {
  name: string;
  alias: string;
  members: string[];
}

export const groupAddJob = defineJob<GroupAddParams>({
  role: 'exchange',
  kind: 'group-add',
  steps: ({ name, alias, members }) => {
    const params = { Name: name, Alias: alias, Members: members };
    return [
      {
        id: 'check-free',
        title: 'Check the name is free and the members exist',
        script: script('test-group-free'),
        params,
        outcome: (r: { Members: string[] }) => `${name} is free${r.Members.length ? `; members: ${r.Members.join(', ')}` : ''}`,
      },
      {
        id: 'create-group',
        title: 'Create the distribution group',
        script: script('new-group'),
        params,
        probe: { script: script('test-group'), params },
        outcome: (r: { Name: string; PrimarySmtpAddress: string; Members: string[] }) =>
          `created ${r.Name} <${r.PrimarySmtpAddress}>${r.Members.length ? ` with ${r.Members.join(', ')}` : ' (no members yet)'}`,
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
  steps: ({ group, members, remove }) => {
    const params = { Group: group, Members: members, Remove: remove };
    return [
      {
        id: remove ? 'remove-members' : 'add-members',
        title: remove ? 'Remove the members' : 'Add the members',
        script: script('set-group-members'),
        params,
        probe: { script: script('test-group-members'), params },
        recordInAudit: remove,
        outcome: (r: { Group: string; Changed: string[]; Unchanged: string[] }) =>
          `${r.Changed.length ? `${remove ? 'removed' : 'added'} ${r.Changed.join(', ')} ${remove ? 'from' : 'to'} ${r.Group}` : 'nothing to change'}` +
          `${r.Unchanged.length ? ` (${r.Unchanged.join(', ')} ${remove ? 'not a member' : 'already in'})` : ''}`,
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
