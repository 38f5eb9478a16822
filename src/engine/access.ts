// Who may run what. EXCHANGE_ADMINS may run every command. In console mode the local user is
// added to the admins by main.ts (and only there).
import type { Role } from './command.ts';

export const CONSOLE_USER = 'UCONSOLE';

export class Access {
  constructor(private readonly admins: readonly string[]) {}

  may(user: string, role: Role): boolean {
    return role === 'admin' && this.admins.includes(user);
  }
}
