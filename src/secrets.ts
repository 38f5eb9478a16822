// Secrets: how they are made and how they are kept out of logs, Redis and chat.
import { MessageError } from './i18n/i18n.ts';
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { secretFileProblems } from './secrets-acl.ts';

const SECRET_KEY = /pass(word)?|secret|token|pfx_?key|credential/i;

/** A deep copy with every value under a secret-looking key replaced by "[redacted]". */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

// No characters that Slack's mrkdwn or a code span would mangle (` & < > *), nor look-alikes (0 O 1 l I).
const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGIT = '23456789';
const SYMBOL = '!#%+-=?@_';

/** An initial password that meets Active Directory's default complexity rules (all four classes). */
export function generatePassword(length = 16): string {
  const all = LOWER + UPPER + DIGIT + SYMBOL;
  const pick = (set: string) => set[randomInt(set.length)]!;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGIT), pick(SYMBOL)];
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/** A secret this worker does not hold (its words a message: MessageError's English and reference). */
export class SecretMissingError extends MessageError {}

const ENV_SECRET = /^EXCHANGE_SECRET_[A-Z0-9_]+$/i;
let environmentSecrets: Map<string, string> | undefined;

/**
 * Takes every EXCHANGE_SECRET_* variable out of the environment, once, at start: from then on they
 * live only in this process's memory, so no child process (PowerShell, redis-server) inherits them.
 */
export function captureEnvironmentSecrets(env: NodeJS.ProcessEnv = process.env): void {
  environmentSecrets ??= new Map();
  for (const [name, value] of Object.entries(env)) {
    if (!ENV_SECRET.test(name)) continue;
    if (value) environmentSecrets.set(name.toUpperCase(), value);
    delete env[name];
  }
}

/**
 * A secret kept on the worker's own host, by name: the file SECRETS_DIR/<name> (readable only by the
 * service account), else the environment variable EXCHANGE_SECRET_<NAME> ("-" as "_"), as captured
 * at start (captureEnvironmentSecrets). It is read when a step needs it and passed to PowerShell as
 * data; it never reaches Redis, logs, chat or a shell's environment.
 */
export function readSecret(name: string, secretsDir: string): string {
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/i.test(name)) throw new SecretMissingError('engine:secret.notAName', { name });
  const file = path.join(secretsDir, name);
  if (existsSync(file)) {
    const problems = secretFileProblems(file);
    if (problems.length) throw new SecretMissingError('engine:secret.file', { problems: problems.join('; ') });
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  }
  const variable = `EXCHANGE_SECRET_${name.toUpperCase().replace(/-/g, '_')}`;
  if (!environmentSecrets) captureEnvironmentSecrets();
  const value = environmentSecrets!.get(variable);
  if (value) return value;
  throw new SecretMissingError('engine:secret.notHere', { name, file, variable });
}
