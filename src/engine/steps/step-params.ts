// A step's parameters as the script gets them: the plain data of its definition, plus the secrets
// the worker adds at the last moment (a password made for this run, a secret from its own store).
// One place, for job steps and read-only queries alike.
import { generatePassword, readSecret, SecretMissingError } from '../../secrets.ts';

export interface SecretNeeds {
  generatedSecret?: { param: string };
  storedSecret?: { param: string; name: string };
}

export function paramsWithSecrets(
  params: Record<string, unknown>,
  needs: SecretNeeds,
  secretsDir: string,
  options: { missingSecret: 'throw' | 'tell' } = { missingSecret: 'throw' },
): { params: Record<string, unknown>; generated?: string } {
  const generated = needs.generatedSecret ? generatePassword() : undefined;
  let out = generated ? { ...params, [needs.generatedSecret!.param]: generated } : params;
  if (needs.storedSecret) {
    try {
      out = { ...out, [needs.storedSecret.param]: readSecret(needs.storedSecret.name, secretsDir) };
    } catch (error) {
      // A question must still be answered without its secret: the script is told what is missing.
      if (!(error instanceof SecretMissingError) || options.missingSecret === 'throw') throw error;
      out = { ...out, SecretProblem: error.ref };
    }
  }
  return { params: out, generated };
}
