// The program: one process, roles chosen by ROLE (bot, worker or all), chat by SLACK_MODE.
// With nothing configured: console chat, the lab as target, and a private redis-server.
import path from 'node:path';
import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { commands } from '../commands/index.ts';
import { jobs } from '../jobs/index.ts';
import { ConsoleChat } from './chat/console-adapter.ts';
import { runConsole } from './chat/console-session.ts';
import { createSlackApp, createWebClient } from './chat/slack-app.ts';
import { SlackChat } from './chat/slack-adapter.ts';
import { ThreadReporter } from './chat/thread-reporter.ts';
import type { ChatAdapter } from './chat/types.ts';
import { ConfigError, loadConfig, loadDotEnv, type Config } from './config.ts';
import { AuditLog } from './audit.ts';
import { Access, CONSOLE_USER, loadRolesFile } from './engine/access.ts';
import { ApprovalDesk } from './engine/approval-desk.ts';
import { ApprovalGate } from './engine/approvals.ts';
import { HealthWatch } from './engine/health-watch.ts';
import { startHeartbeat } from './engine/heartbeat.ts';
import { JobStore } from './engine/job-store.ts';
import { StatusReport } from './engine/status.ts';
import { healthQuery } from '../jobs/health/index.ts';
import { Settings } from './engine/settings.ts';
import type { JobPlan } from './engine/command.ts';
import { Dispatcher } from './engine/dispatcher.ts';
import { StepRunner } from './engine/step-runner.ts';
import { log, setLogLevel } from './log.ts';
import { PowerShellPool } from './powershell/pool.ts';
import { PowerShellMissingError } from './powershell/locate.ts';
import { JobQueues, redisConnection } from './queue/queues.ts';
import { startWorkers } from './queue/workers.ts';
import { RedisMissingError, startPrivateRedis } from './redis/private-redis.ts';
import { loadTargets, SetupError } from './targets/targets.ts';

/** Problems the user can fix: one clear line each, exit status 2. */
function fatal(lines: string[]): never {
  for (const line of lines) process.stderr.write(line + '\n');
  process.exit(2);
}

export async function main(): Promise<void> {
  loadDotEnv();
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fatal(error.problems);
    throw error;
  }
  setLogLevel(config.logLevel);
  const cleanups: (() => Promise<unknown>)[] = [];
  const shutdown = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e) => log.warn('shutdown step failed', { error: String(e) }));
  };

  try {
    let redisUrl = config.redisUrl;
    if (!redisUrl) {
      const redis = await startPrivateRedis(path.join(config.dataDir, 'redis'));
      cleanups.push(() => redis.stop());
      redisUrl = redis.url;
      log.info('started a private redis-server', { url: redisUrl });
    }
    const connection = redisConnection(redisUrl);
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    cleanups.push(() => redis.quit());

    const consoleChat = config.mode === 'console' ? new ConsoleChat(undefined, path.join(config.dataDir, 'files')) : undefined;
    const web = consoleChat ? undefined : createWebClient(config);
    const slackChat = web ? new SlackChat(web) : undefined;
    const chat: ChatAdapter = consoleChat ?? slackChat!;
    const reporter = new ThreadReporter(chat, config.chatMinIntervalMs);
    const queues = new JobQueues(connection, redis);
    cleanups.push(() => queues.close());
    const audit = new AuditLog(redis, path.join(config.dataDir, 'audit'), config.auditRetentionMs);
    const approvals = new ApprovalGate(redis);
    const settings = new Settings(redis);

    let workers: Worker[] = [];
    if (config.role !== 'bot') {
      const targets = loadTargets(config);
      const pool = new PowerShellPool(targets);
      cleanups.push(() => pool.close());
      const hosts = config.workerHosts.length ? config.workerHosts : targets.hosts;
      const unknown = hosts.filter((h) => !targets.hosts.includes(h));
      if (unknown.length) fatal([`config: WORKER_HOSTS names hosts that are not targets: ${unknown.join(', ')}`]);
      // Warm the shells first (loading Exchange's cmdlets takes seconds); the lab state is made here too.
      await Promise.all(hosts.flatMap((h) => [pool.warm(h), pool.warm(h, 'read')]));
      const runner = new StepRunner({
        pool,
        reporter,
        jobs,
        approvals,
        audit,
        stepTimeoutMs: config.stepTimeoutMs,
        approvalTimeoutMs: config.approvalTimeoutMs,
        rebootWaitMs: config.rebootWaitMs,
        settings,
        redis,
        secretsDir: config.secretsDir,
        heartbeatMs: config.heartbeatMs,
      });
      const watch = config.healthChannel
        ? new HealthWatch({ redis, pool, reporter, channel: config.healthChannel, script: healthQuery.steps({})[0]!.script })
        : undefined;
      workers = await startWorkers({
        connection,
        hosts,
        process: runner.process,
        answer: runner.answer,
        lockMs: config.jobLockMs,
        ...(watch ? { healthWatch: { everyMs: config.healthCheckMs, run: (host: string) => watch.run(host) } } : {}),
      });
      // Workers close first: a job in progress gets to finish its current step.
      cleanups.push(() => Promise.all(workers.map((w) => w.close())));
      cleanups.push(startHeartbeat(redis, hosts));
      log.info('workers started', { hosts, lab: targets.isLab });
    }

    if (config.role === 'worker') {
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
    } else {
      const inConsole = config.mode === 'console';
      const access = new Access({
        admins: inConsole ? [...config.admins, CONSOLE_USER] : config.admins,
        approvers: inConsole && config.approvers.length ? [...config.approvers, CONSOLE_USER] : config.approvers,
        roles: config.rolesFile ? loadRolesFile(config.rolesFile) : undefined,
        groupMembers: web ? async (usergroup) => (await web.usergroups.users.list({ usergroup })).users ?? [] : undefined,
      });
      const hosts = loadTargets(config, { locate: false }).hosts;
      const approvers = config.approvers.length ? config.approvers : config.admins;
      const status = new StatusReport({ redis, queues, hosts, approvals, approvers });
      const jobStore = new JobStore({ queues, hosts, redis, reporter, approvals });
      const services = { status, jobs: jobStore, audit, settings, ask: (plan: JobPlan, ms: number) => queues.ask(plan, ms), dnsServers: config.dnsServers };
      const dispatcher = new Dispatcher({ commands, access, queues, reporter, hosts, settings, services, audit });
      // In the console one person asks and approves.
      const desk = new ApprovalDesk({ approvals, access, audit, reporter, queues, allowSelf: inConsole || config.allowSelfApproval });
      if (consoleChat) {
        await runConsole({ dispatcher, queues, chat: consoleChat, reporter, approvals, desk, jobs: jobStore });
      } else {
        const slack = createSlackApp(config, { dispatcher, desk, chat: slackChat!, status, jobs: jobStore, queues: hosts.map((h) => queues.queue(h)) });
        await slack.start();
        cleanups.push(() => slack.stop());
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
      }
    }
  } catch (error) {
    await shutdown();
    if (error instanceof RedisMissingError || error instanceof PowerShellMissingError || error instanceof SetupError) fatal([error.message]);
    throw error;
  }
  await shutdown();
}

main().then(
  () => process.exit(0),
  (error) => {
    log.error('stopped by an error', { error: (error as Error).stack ?? String(error) });
    process.exit(1);
  },
);
