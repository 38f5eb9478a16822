// Every /exchange sub-command, listed explicitly (help shows them in this order).
import type { CommandDefinition } from '../src/engine/command.ts';
import { addUser } from './add-user.ts';
import { help } from './help.ts';
import { reboot } from './reboot.ts';
import { removeUser } from './remove-user.ts';

export const commands: readonly CommandDefinition[] = [addUser, removeUser, reboot, help];
