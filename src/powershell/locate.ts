// Where PowerShell is: POWERSHELL_PATH, then PATH, then the dotnet global tool folder.
// On Windows the worker uses Windows PowerShell (powershell.exe): Exchange's tools need it.
import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class PowerShellMissingError extends Error {}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function locatePowerShell(configured?: string): string {
  if (configured) {
    if (executable(configured)) return configured;
    throw new PowerShellMissingError(`POWERSHELL_PATH=${configured} is not an executable file.`);
  }
  const names = process.platform === 'win32' ? ['powershell.exe', 'pwsh.exe'] : ['pwsh'];
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  dirs.push(path.join(os.homedir(), '.dotnet', 'tools'));
  for (const dir of dirs) for (const name of names) if (executable(path.join(dir, name))) return path.join(dir, name);
  throw new PowerShellMissingError(
    'PowerShell (pwsh) was not found on PATH or in ~/.dotnet/tools. Install it with: ' +
      'dotnet tool install --global PowerShell --version 7.6.9 (or set POWERSHELL_PATH).',
  );
}
