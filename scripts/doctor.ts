// npm run doctor: run on a worker (or anywhere with its .env) to check the installation.
import { mkdirSync } from 'node:fs';
import { ConfigError, loadConfig, loadDotEnv } from '../src/config.ts';
import { formatDoctor, runDoctor } from '../src/doctor.ts';
import { setLogLevel } from '../src/log.ts';
import { captureEnvironmentSecrets } from '../src/secrets.ts';
import { loadTargets, SetupError } from '../src/targets/targets.ts';

loadDotEnv();
captureEnvironmentSecrets();
try {
  const config = loadConfig();
  setLogLevel('error');
  mkdirSync(config.dataDir, { recursive: true });
  const lines = await runDoctor(config, loadTargets(config));
  console.log(formatDoctor(lines));
  const problems = lines.filter((l) => !l.ok).length;
  console.log(problems ? `\n${problems} problem${problems > 1 ? 's' : ''}` : '\nall good');
  process.exit(problems ? 1 : 0);
} catch (error) {
  if (error instanceof ConfigError) for (const p of error.problems) console.error(p);
  else if (error instanceof SetupError) console.error(error.message);
  else throw error;
  process.exit(2);
}
