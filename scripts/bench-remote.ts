// npm run bench:remote: one step on a local warm shell vs the same step through PowerShell
// remoting (SSH to an sshd on 127.0.0.1 started here, the lab in the remote session), and the
// cost of opening a remote shell; and one WSE step on a local shell, through the plain remote
// session and through the JEA endpoint (the sshd's chatopsbot subsystem, test/fixtures/jea.ts).
// Numbers printed, not asserted: this machine is shared and noisy.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addUserJob } from '../jobs/add-user/index.ts';
import { loadConfig } from '../src/config.ts';
import { locatePowerShell } from '../src/powershell/locate.ts';
import { PowerShellPool } from '../src/powershell/pool.ts';
import { PowerShellSession } from '../src/powershell/session.ts';
import { LAB_HOST_MAP } from '../src/targets/lab-hosts.ts';
import { loadTargets } from '../src/targets/targets.ts';
import { writeJeaEndpoint } from '../test/fixtures/jea.ts';
import { sshTargetsFile, startSshd } from '../test/fixtures/sshd.ts';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const line = (name: string, xs: number[]) =>
  console.log(`${name.padEnd(58)} p50 ${ms(pct(xs, 50)).padStart(9)}   p99 ${ms(pct(xs, 99)).padStart(9)}   (n=${xs.length})`);

const pwsh = locatePowerShell(process.env.POWERSHELL_PATH);
console.log(`bench:remote on ${os.cpus().length} cores, node ${process.version}, ${new Date().toISOString()}\n`);
const labDir = mkdtempSync(path.join(os.tmpdir(), 'chatops-bench-lab-'));
const endpoint = writeJeaEndpoint(pwsh);
const sshd = await startSshd({ pwsh, env: { LAB_DIR: labDir }, configurations: { chatopsbot: endpoint.pssc } });
const localTargets = loadTargets(loadConfig({ LAB_DIR: labDir, POWERSHELL_PATH: pwsh }));
const remoteTargets = loadTargets(loadConfig({ LAB_DIR: labDir, POWERSHELL_PATH: pwsh, TARGETS: sshTargetsFile(sshd, labDir, ['EXCH', 'WSE']) }));
const jeaTargets = loadTargets(
  loadConfig({
    LAB_DIR: labDir,
    POWERSHELL_PATH: pwsh,
    TARGETS: sshTargetsFile(sshd, labDir, ['WSE'], { ConfigurationName: 'ChatOpsBot', Subsystem: 'chatopsbot' }),
  }),
);
// A WSE step: D17's probe (split DNS: a zone and its record looked up on the lab's DNS server).
const d17 = {
  script: path.join(path.dirname(new URL(import.meta.url).pathname), '../jobs/deploy/scripts/d17-split-dns.ps1'),
  params: { MailHost: 'mail.contoso.com', ExchangeIp: '192.168.1.20', Probe: true },
};
const steps = addUserJob.steps({ name: 'Frank', alias: 'Frank', samAccountName: 'Frank', quota: { unlimited: true } }, LAB_HOST_MAP);
const probe = steps[1]!.probe!; // "does the mailbox exist?": Get-Mailbox and Get-ADUser on the lab
const check = { script: steps[0]!.script, params: steps[0]!.params }; // the name check: four lookups

async function warmRuns(targets: typeof localTargets, call: typeof probe, n: number, host = 'EXCH'): Promise<number[]> {
  const pool = new PowerShellPool(targets);
  await pool.warm(host);
  await pool.run(host, call, 30_000); // the first run loads what the script needs
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await pool.run(host, call, 30_000);
    times.push(performance.now() - t);
  }
  await pool.close();
  return times;
}

try {
  line('WSE step (D17 probe), local warm shell', await warmRuns(localTargets, d17, 30, 'WSE'));
  line('WSE step (D17 probe), plain remote session over SSH', await warmRuns(remoteTargets, d17, 30, 'WSE'));
  line('WSE step (D17 probe), JEA endpoint over SSH', await warmRuns(jeaTargets, d17, 30, 'WSE'));
  // --jea: only those three.
  if (!process.argv.includes('--jea')) await theRest();
} finally {
  await sshd.stop();
}
process.exit(0);

async function theRest() {
  line('probe step, local warm shell', await warmRuns(localTargets, probe, 100));
  line('probe step, remote session over SSH (127.0.0.1)', await warmRuns(remoteTargets, probe, 100));
  line('name-check step, local warm shell', await warmRuns(localTargets, check, 100));
  line('name-check step, remote session over SSH (127.0.0.1)', await warmRuns(remoteTargets, check, 100));
  for (const [name, targets, host, call] of [
    ['local', localTargets, 'EXCH', probe],
    ['remote', remoteTargets, 'EXCH', probe],
    ['JEA (WSE, D17 probe)', jeaTargets, 'WSE', d17],
  ] as const) {
    const cold: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const session = await PowerShellSession.start(targets.shellFor(host));
      await session.run(call, 30_000);
      cold.push(performance.now() - t);
      await session.dispose();
    }
    line(`open a ${name} shell + prelude + one step`, cold);
  }
}
