// Who may run what, and who may approve. EXCHANGE_ADMINS may run every command; a ROLES_FILE adds
// roles (Slack users U… or user groups S…) that may run named commands; EXCHANGE_APPROVERS (or the
// file's "approvers", else the admins) may approve. In console mode the local user is an admin
// (main.ts adds it, and only there).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SetupError } from '../targets/targets.ts';
import type { CommandDefinition } from './command.ts';

export const CONSOLE_USER = 'UCONSOLE';

const memberId = z.string().regex(/^[UWS][A-Z0-9]{2,}$/, 'must be a Slack user ID (U…) or user group ID (S…)');

export const rolesFileSchema = z.object({
  roles: z
    .record(
      z.string(),
      z.object({
        members: z.array(memberId).min(1),
        commands: z.array(z.string().min(1)).min(1),
        /** Commands this role's members run only with an approval (admins run them without). */
        approval: z.array(z.string().min(1)).default([]),
      }),
    )
    .superRefine((roles, ctx) => {
      for (const name of Object.keys(roles)) {
        if (!/^[a-z][a-z0-9-]{0,30}$/.test(name))
          ctx.addIssue({ code: 'custom', path: [name], message: 'is not a role name: use a lower-case word like helpdesk' });
      }
    })
    .default({}),
  approvers: z.array(memberId).default([]),
  /** Commands that ask an approval before they change anything, whoever runs them. */
  approval: z.array(z.string().min(1)).default([]),
});
export type RolesFile = z.output<typeof rolesFileSchema>;

export function loadRolesFile(file: string): RolesFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SetupError(`ROLES_FILE ${file} cannot be read as JSON: ${(error as Error).message}`);
  }
  const parsed = rolesFileSchema.safeParse(raw);
  if (!parsed.success) throw new SetupError(`ROLES_FILE ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}

export type Refusal = { ok: false; needs: string[] };

export interface AccessOptions {
  admins: readonly string[];
  approvers?: readonly string[];
  roles?: z.input<typeof rolesFileSchema>;
  /** Members of a Slack user group (usergroups.users.list); absent where there are no groups. */
  groupMembers?: (groupId: string) => Promise<string[]>;
}

export class Access {
  private readonly cache = new Map<string, { at: number; members: Promise<string[]> }>();
  private readonly approvers: readonly string[];
  private readonly roles?: RolesFile;

  constructor(private readonly options: AccessOptions) {
    this.roles = options.roles ? rolesFileSchema.parse(options.roles) : undefined;
    const fromFile = this.roles?.approvers ?? [];
    const given = [...(options.approvers ?? []), ...fromFile];
    this.approvers = given.length ? given : options.admins;
  }

  async may(user: string, command: Pick<CommandDefinition, 'name' | 'role'>): Promise<{ ok: true } | Refusal> {
    if (command.role === 'anyone' || (await this.isIn(user, this.options.admins))) return { ok: true };
    const roles = Object.entries(this.roles?.roles ?? {}).filter(([, r]) => r.commands.includes(command.name));
    for (const [, role] of roles) if (await this.isIn(user, role.members)) return { ok: true };
    return { ok: false, needs: ['admin', ...roles.map(([name]) => name)] };
  }

  /** Whether the roles file asks an approval before this user's run of this command changes anything. */
  async needsApproval(user: string, command: Pick<CommandDefinition, 'name'>): Promise<boolean> {
    const file = this.roles;
    if (!file) return false;
    if (file.approval.includes(command.name)) return true;
    if (await this.isIn(user, this.options.admins)) return false;
    for (const role of Object.values(file.roles)) {
      if (role.approval.includes(command.name) && role.commands.includes(command.name) && (await this.isIn(user, role.members))) return true;
    }
    return false;
  }

  mayApprove(user: string): Promise<boolean> {
    return this.isIn(user, this.approvers);
  }

  private async isIn(user: string, ids: readonly string[]): Promise<boolean> {
    if (ids.includes(user)) return true;
    for (const id of ids) if (id.startsWith('S') && (await this.members(id)).includes(user)) return true;
    return false;
  }

  /** Loads every user group the roles name, so that decisions are made from memory. */
  async warm(): Promise<void> {
    const ids = [...this.options.admins, ...this.approvers, ...Object.values(this.roles?.roles ?? {}).flatMap((r) => r.members)];
    await Promise.all([...new Set(ids.filter((id) => id.startsWith('S')))].map((id) => this.load(id)));
  }

  // A known group answers from memory; a stale one is refreshed in the background.
  private members(groupId: string): Promise<string[]> {
    const hit = this.cache.get(groupId);
    if (!hit) return this.load(groupId);
    if (Date.now() - hit.at >= 60_000) void this.load(groupId);
    return hit.members;
  }

  private load(groupId: string): Promise<string[]> {
    const previous = this.cache.get(groupId);
    // Until a refresh answers, and when it fails, the members known so far still count.
    const members = this.options.groupMembers
      ? this.options.groupMembers(groupId).then(
          (list) => {
            this.cache.set(groupId, { at: Date.now(), members: Promise.resolve(list) });
            return list;
          },
          () => previous?.members ?? [],
        )
      : Promise.resolve([]);
    if (!previous) this.cache.set(groupId, { at: Date.now(), members });
    return members;
  }
}
