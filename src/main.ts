// The program: one process, roles chosen by ROLE (bot, worker or all), chat by SLACK_MODE.
// With nothing configured: console chat, the lab as target, and a private redis-server.
import path from 'node:path';
import type { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { commands } from '../commands/index.ts';
import { jobs, queries, schedules } from '../jobs/index.ts';
import { AuditLog } from './audit.ts';
import { ConsoleChat } from './chat/console-adapter.ts';
import { runConsole } from './chat/console-session.ts';
import { SlackChat } from './chat/slack/adapter.ts';
import { createSlackApp } from './chat/slack/app.ts';
import { createWebClient } from './chat/slack/web-client.ts';
import { ThreadReporter } from './chat/thread-reporter.ts';
import { Outbox } from './chat/outbox.ts';
import { PacedChat, SLACK_BUDGETS } from './chat/paced-chat.ts';
import type { ChatAdapter, ChatMessage } from './chat/types.ts';
import { type Config, ConfigError, loadConfig, loadDotEnv } from './config.ts';
import { captureEnvironmentSecrets } from './secrets.ts';
import { Access, CONSOLE_USER, loadRolesFile } from './engine/access.ts';
import { ApprovalDesk } from './engine/approvals/desk.ts';
import { ApprovalGate } from './engine/approvals/gate.ts';
import { Cache } from './engine/cache.ts';
import type { CommandServices } from './engine/command.ts';
import { Deliveries } from './engine/deliveries.ts';
import { Dispatcher } from './engine/dispatcher.ts';
import { hostState, startHeartbeat } from './engine/host-state.ts';
import { JobStore } from './engine/job-store.ts';
import { Settings } from './engine/settings.ts';
import { queryRunner } from './engine/steps/query-runner.ts';
import { StepRunner } from './engine/steps/step-runner.ts';
import { EventLogWriter } from './event-log.ts';
import { log, setLogLevel } from './log.ts';
import { PowerShellPool } from './powershell/pool.ts';
import { locatePowerShell, PowerShellMissingError } from './powershell/locate.ts';
import { JobQueues, redisConnection } from './queue/queues.ts';
import { CommandLimits } from './engine/rate-limit.ts';
import { startWorkers } from './queue/workers.ts';
import { RedisMissingError, startPrivateRedis } from './redis/private-redis.ts';
import { labSelf, loadTargets, SetupError } from './targets/targets.ts';
import { hostOf } from './engine/hosts.ts';
import { Languages } from './i18n/languages.ts';

let eventLog: EventLogWriter | undefined;

/** EVENT_LOG_SOURCE: errors and warnings also go to the Windows Event Log; its trouble never stops us. */
function openEventLog(config: Config): EventLogWriter | undefined {
  if (!config.eventLogSource) return undefined;
  try {
    const powershell = locatePowerShell(config.powershellPath);
    return new EventLogWriter({ source: config.eventLogSource, powershell, lab: labSelf(config) }).open();
  } catch (error) {
    log.warn('event log writer not started', { error: (error as Error).message });
    return undefined;
  }
}

/** Problems the user can fix: one clear line each, exit status 2. */
function fatal(lines: string[]): never {
  for (const line of lines) process.stderr.write(`${line}\n`);
  process.exit(2);
}

export async function main(): Promise<void> {
  loadDotEnv();
  // EXCHANGE_SECRET_* leave the environment now, before any child process is started.
  captureEnvironmentSecrets();
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fatal(error.problems);
    throw error;
  }
  setLogLevel(config.logLevel);
  eventLog = openEventLog(config); // closed last, below: it hears what the shutdown says
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
      log.info('started a private redis-server', { url: redisUrl.replace(/\/\/:[^@]*@/, '//') }); // not its password
    }
    const connection = redisConnection(redisUrl);
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    cleanups.push(() => redis.quit());

    const web = config.mode === 'console' ? undefined : createWebClient(config);
    const settings = new Settings(redis);
    // People's languages (their /exchange language choice, kept in the settings, else their Slack
    // locale) and the channel's (CHANNEL_LANGUAGE).
    const languages = new Languages({
      channel: config.channelLanguage,
      store: settings,
      locale: web ? async (user) => (await web.users.info({ user, include_locale: true })).user?.locale : undefined,
    });
    const consoleChat =
      config.mode === 'console' ? new ConsoleChat(undefined, path.join(config.dataDir, 'files'), () => languages.cached(CONSOLE_USER)) : undefined;
    const slackChat = web ? new SlackChat(web) : undefined;
    // Slack's limits per method (the console has none); the reporter keeps each channel's order.
    const chat: ChatAdapter = consoleChat ?? new PacedChat(slackChat!, { ...SLACK_BUDGETS, postPerSecond: 1000 / Math.max(1, config.chatMinIntervalMs) });
    const reporter = new ThreadReporter(chat, 0);
    const queues = new JobQueues(connection, redis);
    cleanups.push(() => queues.close());
    const audit = new AuditLog(redis, path.join(config.dataDir, 'audit'), config.auditRetentionMs);
    const approvals = new ApprovalGate(redis);
    // What jobs say in Slack waits in Redis until Slack took it; every process drains it.
    const outbox = new Outbox(redis, chat, { updateGapMs: consoleChat ? 50 : 1000 });
    const deliveries = new Deliveries(outbox, { queues, approvals });
    outbox.start();
    cleanups.push(async () => outbox.stop());
    const cache = new Cache(redis);

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
        chat,
        deliveries,
        jobs,
        approvals,
        audit,
        hosts: targets.map,
        stepTimeoutMs: config.stepTimeoutMs,
        approvalTimeoutMs: config.approvalTimeoutMs,
        rebootWaitMs: config.rebootWaitMs,
        settings,
        redis,
        secretsDir: config.secretsDir,
        heartbeatMs: config.heartbeatMs,
        allowSelfApproval: config.mode === 'console' || config.allowSelfApproval,
      });
      const scheduleConfig = { healthChannel: config.healthChannel, healthCheckMs: config.healthCheckMs, language: config.channelLanguage };
      const scheduled = schedules.flatMap((s) => {
        const everyMs = s.everyMs(scheduleConfig);
        if (everyMs === undefined) return [];
        const context = (host: string) => ({
          config: scheduleConfig,
          cache,
          run: (script: string, params: Record<string, unknown>, ms: number) => pool.run(host, { script, params }, ms, 'read'),
          post: (channel: string, message: ChatMessage) => void reporter.post(channel, message),
        });
        return [{ name: s.name, everyMs, run: (host: string) => s.run(host, context(host)) }];
      });
      workers = await startWorkers({
        connection,
        hosts,
        process: runner.process,
        answer: queryRunner({ pool, queries, cache, hosts: targets.map, secretsDir: config.secretsDir }),
        lockMs: config.jobLockMs,
        schedules: scheduled,
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
      // Decisions are made from memory: the group members and the settings are kept here.
      await access.warm();
      const subscriber = redis.duplicate();
      cleanups.push(() => subscriber.quit());
      await settings.watch(subscriber);
      const hostMap = loadTargets(config, { locate: false }).map;
      const approvers = config.approvers.length ? config.approvers : config.admins;
      const jobStore = new JobStore({ queues, hosts: hostMap.hosts, redis, deliveries, approvals });
      const services: CommandServices = {
        jobs: jobStore,
        audit,
        settings,
        cache,
        approvals,
        hosts: hostMap,
        hostState: (host) => hostState(redis, host),
        approvers,
        ask: async (plan, ms) => (await queues.ask({ kind: plan.kind, host: hostOf(plan.target, hostMap), params: plan.params }, ms)) as never,
        dnsServers: config.dnsServers,
        timeZone: web ? async (user: string) => (await web.users.info({ user })).user?.tz : undefined,
        languages,
      };
      // The console is one local operator: no per-user limits there.
      const limits = new CommandLimits(inConsole ? {} : config.rateLimits);
      const dispatcher = new Dispatcher({ commands, access, queues, reporter, hosts: hostMap, services, audit, limits, languages });
      // In the console one person asks and approves.
      const desk = new ApprovalDesk({ approvals, access, audit, deliveries, queues, allowSelf: inConsole || config.allowSelfApproval });
      if (consoleChat) {
        await runConsole({ dispatcher, queues, chat: consoleChat, reporter, outbox, approvals, desk, jobs: jobStore, languages });
      } else {
        const slack = createSlackApp(config, {
          dispatcher,
          desk,
          chat: slackChat!,
          jobs: jobStore,
          languages,
          queues: hostMap.hosts.map((h) => queues.queue(h)),
          redis,
        });
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
  async () => {
    await eventLog?.close();
    process.exit(0);
  },
  async (error) => {
    log.error('stopped by an error', { error: (error as Error).stack ?? String(error) });
    await eventLog?.close(); // that error is the entry an administrator most needs
    process.exit(1);
  },
);
