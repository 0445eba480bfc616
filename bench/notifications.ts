/**
 * Notifications, measured against the real server in a child process (fresh data folder, the demo
 * consultation lmec-2017 seeded), with e-mail on: SMTP_URL points at a local SMTP server this
 * process runs (`smtp-server` on 127.0.0.1, no TLS, no authentication; test/support/smtpSink.ts),
 * which stamps each message's arrival and finds in it the token its reply started with (the mail
 * quotes the start of the reply: `mailContent.ts`, `excerptOf`).
 *
 * Threads (on the first clause of the demo), opened before the rounds:
 *  - "tnc": opened by The Nature Conservancy (tnc@partners.org), answered once by the secretariat
 *    and by Laos; China replies. Recipients of each reply: TNC, the secretariat, Laos (e-mail
 *    `daily`, the default: no mail queued now, and the digest hour is set 12 h away).
 *  - "self": opened by Myanmar, nobody else in it; Myanmar replies. `replyRecipients` answers no one
 *    (participants = the author; the replier is left out), so `NotificationService.create` returns
 *    before writing anything: no notification, no event, no mail (checked: no
 *    `notifications.changed` may arrive during these replies).
 *  - "mail": opened by SEI (sei@partners.org), answered by CI, Cambodia and Vietnam, the four set
 *    to `immediate` (PUT /api/notifications/preferences as each); Thailand replies. Recipients:
 *    those four, each with one mail queued in the same transaction.
 *
 * Pages (a Hocuspocus client on the consultation's presence document, as the browser keeps it,
 * no awareness): TNC's page refetches `GET /api/notifications?limit=30` (the client's page size)
 * on each `notifications.changed` naming TNC's person id; an observer's page refetches
 * `GET …/threads/:id` on each `threads.changed` (both coalesced as the client stores do).
 *
 * 1+2. Rounds (WARM_UP + ROUNDS), one reply in each thread per round, one after the other (the
 *   order rotates each round), each awaited until everything it causes is seen (pages refetched,
 *   mails arrived) and 50 ms more before the next: reply → notification on TNC's page (the answer
 *   lists it with the reply's excerpt), baseline the same reply → the observer's page showing it in
 *   the thread;
 *   POST round trip per thread; server CPU per reply (/proc, 10 ms ticks summed over the rounds).
 * 3. Burst: Thailand posts BURST replies to "mail" back to back (each POST awaited, the next sent
 *   at once): POST → arrival at the SMTP server per mail, the outbox's mails/s, exactly
 *   BURST × 4 mails (one per reply token and recipient, none missing, none twice).
 * 4. Outage: the SMTP server is stopped, Thailand posts OUTAGE replies (their mails fail: connection
 *   refused, retried after `RETRY_FIRST_MS` = 30 s), the SMTP server is started again on the same
 *   port 2 s later: how long until all arrived, each exactly once (2 s of grace after the last).
 *
 * Server on core 0 and this process (pages, posters, SMTP server) on core 1 (`taskset`; PIN=0 to
 * leave both free). Prints tables and writes bench/results/notifications.json.
 * Usage (from bench/): pnpm notifications [rounds=60] [burst=50] [outage=5]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  type NotificationListResponse,
  parseRealtimeEvent,
  presenceDocumentName,
  type RealtimeEvent,
  type ThreadView,
} from '@accord/shared';
import { createCoalescer } from '../client/src/app/coalesce.ts';
import { connectDocument, type SyncedClient, signIn } from '../test/support/clients.ts';
import { freshDataDir, type RunningServer, startServer } from '../test/support/server.ts';
import { type SmtpSink, type SunkMail, startSmtpSink } from '../test/support/smtpSink.ts';
import { conditionWaiters, jsonCalls } from './benchIo.ts';
import { cpuMsOf, machineCpu, percentile, rssMiBOf } from './procStats.ts';

const ROUNDS = Number(process.argv[2] ?? 60);
const BURST = Number(process.argv[3] ?? 50);
const OUTAGE = Number(process.argv[4] ?? 5);
const WARM_UP = 3;
const TIMEOUT_MS = 15_000;
/** The first retry comes 30 s after the failure: wait that and a margin. */
const OUTAGE_TIMEOUT_MS = 90_000;
const OUTAGE_RESTART_AFTER_MS = 2_000;
const GRACE_MS = 2_000;
const SINGLE_SAMPLES = 30;
/** After each reply of the rounds, before the next: the server's tail of work (the last mail's commit) ends. */
const QUIET_MS = 50;
const PIN = process.env.PIN !== '0' && os.cpus().length >= 2;

const CID = 'lmec-2017';
const BASE = `/api/consultations/${CID}`;
const NOTIFICATIONS_URL = '/api/notifications?limit=30';
const TNC = 'tnc@partners.org';
const OBSERVER = 'observer@lmec.org';
/** Who is mailed at once: the "mail" thread's participants. */
const IMMEDIATE = ['sei@partners.org', 'ci@partners.org', 'delegate.cambodia@lmec.org', 'delegate.vietnam@lmec.org'];

type Variant = 'tnc' | 'self' | 'mail';
const VARIANTS: Variant[] = ['tnc', 'self', 'mail'];
const LABEL: Record<Variant, string> = {
  tnc: 'TNC thread: 3 recipients, no mail',
  self: 'own thread: no recipient (baseline)',
  mail: '"mail" thread: 4 recipients, 4 mails',
};

const now = () => performance.timeOrigin + performance.now();
const round = (n: number, digits = 1) => +n.toFixed(digits);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const sleepTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

let server: RunningServer;
let smtp: SmtpSink | null = null;
const pages: SyncedClient[] = [];

const { call, ok } = jsonCalls(() => server.url);

// — waiting for conditions, without polling —

const { poke, until } = conditionWaiters(TIMEOUT_MS);

// — replies and what they cause —

const TOKEN = /\[(nb-[a-z]+-\d+)\]/g;

interface Reply {
  token: string;
  variant: Variant | 'burst' | 'outage';
  sentAt: number;
  postMs: number;
  /** On TNC's page: its notifications list answered with this reply's excerpt. */
  notificationAt: number;
  /** On the observer's page: the thread answered with this reply. */
  threadAt: number;
  /** Arrival times at the SMTP server, by recipient. */
  mails: Map<string, number[]>;
  mailsExpected: string[];
}
const replies = new Map<string, Reply>();

const mailsArrived = (r: Reply) => r.mailsExpected.every((to) => (r.mails.get(to)?.length ?? 0) >= 1);

/** Mails whose text named no reply of this run, or someone not expected. */
const strayMails: { to: string[]; subject: string; at: number }[] = [];
let mailsReceived = 0;

const FLOOR_RCPT = 'floor@bench.invalid';

function onMail(mail: SunkMail): void {
  if (mail.to.includes(FLOOR_RCPT)) return;
  mailsReceived += 1;
  // The excerpt is quoted twice (English, then Chinese part): one token per mail.
  const tokens = [...new Set([...mail.text.matchAll(TOKEN)].map((m) => m[1] as string))];
  const reply = tokens.length === 1 ? replies.get(tokens[0] as string) : undefined;
  if (!reply || mail.to.length !== 1 || !reply.mailsExpected.includes(mail.to[0] as string)) {
    strayMails.push({ to: mail.to, subject: mail.subject, at: mail.at });
  } else {
    const to = mail.to[0] as string;
    reply.mails.set(to, [...(reply.mails.get(to) ?? []), mail.at]);
  }
  poke();
}

// — the pages —

let inFlight = 0;
const events = { tncNotifications: 0, observerNotifications: 0, observerThreads: 0 };
const pageErrors: string[] = [];
let tncPersonId = '';
let pagesNeeded = true;
let idleCloses = 0;

function seeTokens(texts: (string | null)[], at: number, field: 'notificationAt' | 'threadAt'): void {
  for (const text of texts)
    for (const match of (text ?? '').matchAll(TOKEN)) {
      const reply = replies.get(match[1] as string);
      if (reply && Number.isNaN(reply[field])) reply[field] = at;
    }
}

async function refetch(what: string, run: () => Promise<void>): Promise<void> {
  inFlight += 1;
  try {
    await run();
  } catch (error) {
    pageErrors.push(`${what}: ${String(error)}`);
  } finally {
    inFlight -= 1;
    poke();
  }
}

function openPage(cookie: string, onEvent: (event: RealtimeEvent) => void): SyncedClient {
  const client = connectDocument(server.url, cookie, presenceDocumentName(CID), { awareness: false });
  client.provider.on('stateless', ({ payload }: { payload: string }) => {
    const event = parseRealtimeEvent(payload);
    if (event) onEvent(event);
    poke();
  });
  // The provider drops a connection that heard nothing for 30 s (`messageReconnectTimeout`): that
  // happens while the burst's mails go out and the outage part waits, when the pages are not needed.
  client.socket.on('close', () => {
    if (pagesNeeded) pageErrors.push('socket closed');
    else idleCloses += 1;
  });
  pages.push(client);
  return client;
}

function openTncPage(cookie: string): SyncedClient {
  const coalesce = createCoalescer();
  return openPage(cookie, (event) => {
    if (event.type !== 'notifications.changed' || !event.personIds.includes(tncPersonId)) return;
    events.tncNotifications += 1;
    void coalesce('notifications', () =>
      refetch('GET notifications', async () => {
        const answer = await call<NotificationListResponse>(cookie, 'GET', NOTIFICATIONS_URL);
        if (answer.status !== 200) throw new Error(`${answer.status}`);
        seeTokens(
          answer.body.items.map((n) => n.excerpt),
          now(),
          'notificationAt',
        );
      }),
    );
  });
}

function openObserverPage(cookie: string): SyncedClient {
  const coalesce = createCoalescer();
  return openPage(cookie, (event) => {
    if (event.type === 'notifications.changed') events.observerNotifications += 1;
    if (event.type !== 'threads.changed') return;
    events.observerThreads += 1;
    for (const id of new Set(event.threadIds))
      void coalesce(`thread:${id}`, () =>
        refetch(`GET thread ${id}`, async () => {
          const answer = await call<ThreadView>(cookie, 'GET', `${BASE}/threads/${id}`);
          if (answer.status !== 200) throw new Error(`${answer.status}`);
          seeTokens(
            answer.body.comments.map((c) => c.body),
            now(),
            'threadAt',
          );
        }),
      );
  });
}

/** No refetch running, a turn later too (a coalescer may start its "once more" right after one ends). */
async function idle(what: string): Promise<void> {
  for (;;) {
    await until(() => inFlight === 0, what);
    await sleepTurn();
    if (inFlight === 0) return;
  }
}

/**
 * The SMTP server's own floor: one raw client transaction (connect, greeting, EHLO, MAIL, RCPT,
 * DATA, QUIT) on a fresh connection each time, as the outbox's nodemailer does, in ms.
 */
async function smtpFloor(port: number, samples: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const at = now();
    await new Promise<void>((resolve, reject) => {
      const lines = ['EHLO bench', 'MAIL FROM:<bench@bench.invalid>', `RCPT TO:<${FLOOR_RCPT}>`, 'DATA'];
      lines.push('Subject: floor\r\n\r\nfloor\r\n.', 'QUIT');
      const socket = net.connect(port, '127.0.0.1');
      socket.on('data', () => {
        const next = lines.shift();
        if (next) socket.write(`${next}\r\n`);
      });
      socket.on('error', reject);
      socket.on('close', () => resolve());
    });
    times.push(now() - at);
  }
  return times;
}

// — CPU —

/** Server and bench CPU over phases of one kind, summed. */
class Meter {
  wallMs = 0;
  serverMs = 0;
  ownMs = 0;
  busyMs = 0;
  totalMs = 0;
  replies = 0;
  mails = 0;

  start(measured: boolean) {
    const at = performance.now();
    const serverMs = cpuMsOf(server.pid);
    const own = process.cpuUsage();
    const machine = machineCpu();
    return (replies: number, mails: number) => {
      if (!measured) return;
      const ownUsage = process.cpuUsage(own);
      const nowMachine = machineCpu();
      this.wallMs += performance.now() - at;
      this.serverMs += cpuMsOf(server.pid) - serverMs;
      this.ownMs += (ownUsage.user + ownUsage.system) / 1000;
      this.busyMs += nowMachine.busyMs - machine.busyMs;
      this.totalMs += nowMachine.totalMs - machine.totalMs;
      this.replies += replies;
      this.mails += mails;
    };
  }

  summary() {
    return {
      replies: this.replies,
      mails: this.mails,
      wallMs: Math.round(this.wallMs),
      serverCpuMsPerReply: round(this.serverMs / this.replies, 2),
      serverCpuMsPerMail: this.mails > 0 ? round(this.serverMs / this.mails, 2) : null,
      serverBusyPctOfCore: round((100 * this.serverMs) / this.wallMs, 0),
      benchCpuMsPerReply: round(this.ownMs / this.replies, 2),
      machineBusyPct: round((100 * this.busyMs) / this.totalMs, 0),
      othersBusyPct: round(Math.max(0, (100 * (this.busyMs - this.serverMs - this.ownMs)) / this.totalMs), 0),
    };
  }
}

function stats(values: number[]) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    max: round(sorted.at(-1) ?? Number.NaN),
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}

function pin(pid: number, core: number): string {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' });
    return `core ${core}`;
  } catch (error) {
    return `not pinned (${String(error).split('\n')[0]})`;
  }
}

// — the run —

interface Thread {
  id: string;
  replier: string;
  mailTo: string[];
}

function newReply(token: string, variant: Reply['variant'], mailTo: string[]): Reply {
  const reply: Reply = {
    token,
    variant,
    sentAt: Number.NaN,
    postMs: Number.NaN,
    notificationAt: Number.NaN,
    threadAt: Number.NaN,
    mails: new Map(),
    mailsExpected: mailTo,
  };
  replies.set(token, reply);
  return reply;
}

async function postReply(thread: Thread, reply: Reply): Promise<void> {
  reply.sentAt = now();
  const answer = await call(thread.replier, 'POST', `${BASE}/threads/${thread.id}/replies`, {
    body: `[${reply.token}] We support this clause as drafted, with one remark on its second paragraph.`,
  });
  reply.postMs = now() - reply.sentAt;
  if (answer.status !== 201) throw new Error(`reply ${reply.token}: ${answer.status} ${answer.text}`);
}

/** Copies of each expected mail that arrived: [missing, exactly once, more than once]. */
function mailCounts(list: Reply[]) {
  let expected = 0;
  let missing = 0;
  let once = 0;
  let duplicated = 0;
  for (const r of list)
    for (const to of r.mailsExpected) {
      expected += 1;
      const n = r.mails.get(to)?.length ?? 0;
      if (n === 0) missing += 1;
      else if (n === 1) once += 1;
      else duplicated += 1;
    }
  return {
    expected,
    arrived: list.reduce((n, r) => n + [...r.mails.values()].flat().length, 0),
    once,
    missing,
    duplicated,
  };
}
const mailLatencies = (list: Reply[]) => list.flatMap((r) => [...r.mails.values()].flat().map((at) => at - r.sentAt));
const arrivals = (list: Reply[]) => list.flatMap((r) => [...r.mails.values()].flat()).sort((a, b) => a - b);

async function main() {
  const started = performance.now();
  const dataDir = freshDataDir();
  smtp = await startSmtpSink(0, onMail);
  const smtpPort = smtp.port;
  const floor = stats(await smtpFloor(smtpPort, 10));
  const digestHourUtc = (new Date().getUTCHours() + 12) % 24;
  server = await startServer({
    dataDir,
    env: {
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Accord <accord@example.org>',
      PUBLIC_URL: 'https://accord.example.org',
      DIGEST_HOUR_UTC: String(digestHourUtc),
    },
  });
  const pinning = PIN
    ? { server: pin(server.pid, 0), bench: pin(process.pid, 1) }
    : { server: 'not pinned', bench: 'not pinned' };
  const rssStartMiB = rssMiBOf(server.pid);

  const emails = [
    TNC,
    OBSERVER,
    'secretariat@lmec.org',
    'delegate.laos@lmec.org',
    'delegate.china@lmec.org',
    'delegate.myanmar@lmec.org',
    'delegate.thailand@lmec.org',
    ...IMMEDIATE,
  ];
  const as = Object.fromEntries(
    await Promise.all(emails.map(async (email) => [email, await signIn(server.url, email)])),
  ) as Record<string, string>;
  const cookie = (email: string) => as[email] as string;
  tncPersonId = (await ok<{ person: { id: string } }>(cookie(TNC), 'GET', '/api/session')).person.id;
  for (const email of IMMEDIATE)
    await ok(cookie(email), 'PUT', '/api/notifications/preferences', { email: 'immediate' });

  const consultation = await ok<{ framework: { clauses: { id: string }[] } }>(cookie(OBSERVER), 'GET', BASE);
  const clauseId = consultation.framework.clauses[0]?.id as string;
  const open = async (author: string, others: string[], what: string) => {
    const thread = await ok<ThreadView>(cookie(author), 'POST', `${BASE}/threads`, {
      clauseId,
      kind: 'comment',
      body: `Bench thread (${what}): the member states should look at this clause again.`,
    });
    for (const other of others)
      await ok(cookie(other), 'POST', `${BASE}/threads/${thread.id}/replies`, { body: 'Agreed, worth a look.' });
    return thread.id;
  };
  const threads: Record<Variant, Thread> = {
    tnc: {
      id: await open(TNC, ['secretariat@lmec.org', 'delegate.laos@lmec.org'], 'tnc'),
      replier: cookie('delegate.china@lmec.org'),
      mailTo: [],
    },
    self: {
      id: await open('delegate.myanmar@lmec.org', [], 'self'),
      replier: cookie('delegate.myanmar@lmec.org'),
      mailTo: [],
    },
    mail: {
      id: await open(IMMEDIATE[0] as string, IMMEDIATE.slice(1), 'mail'),
      replier: cookie('delegate.thailand@lmec.org'),
      mailTo: IMMEDIATE,
    },
  };

  openTncPage(cookie(TNC));
  openObserverPage(cookie(OBSERVER));
  await Promise.all(pages.map((p) => p.synced));
  // The setup's own mails (the "mail" thread's opening replies: 1 + 2 + 3) and refetches, out of the way.
  const setupMailsExpected = ((IMMEDIATE.length - 1) * IMMEDIATE.length) / 2;
  await until(() => mailsReceived >= setupMailsExpected, 'the setup mails', 30_000);
  await sleep(300);
  await idle('setup refetches');
  const setupMails = mailsReceived;
  if (setupMails !== setupMailsExpected || strayMails.length !== setupMailsExpected)
    throw new Error(`setup: ${setupMails} mails, expected ${setupMailsExpected}`);
  strayMails.length = 0;
  console.log(
    `server ${pinning.server}, bench ${pinning.bench}; SMTP on 127.0.0.1:${smtpPort} (one bare transaction:` +
      ` p50 ${floor.p50} ms, max ${floor.max}); ${setupMails} setup mails;` +
      ` ${WARM_UP} warm-up + ${ROUNDS} rounds`,
  );

  // — 1 + 2: rounds —
  const meters: Record<Variant, Meter> = { tnc: new Meter(), self: new Meter(), mail: new Meter() };
  const roundReplies: Reply[] = [];
  const selfNotificationEvents = { before: 0, during: 0 };
  for (let r = 0; r < WARM_UP + ROUNDS; r++) {
    const measured = r >= WARM_UP;
    const order = VARIANTS.map((_, i) => VARIANTS[(i + r) % VARIANTS.length] as Variant);
    for (const variant of order) {
      const thread = threads[variant];
      const reply = newReply(`nb-${variant}-${r}`, variant, thread.mailTo);
      const stop = meters[variant].start(measured);
      const notificationEventsBefore = events.observerNotifications;
      await postReply(thread, reply);
      await until(
        () =>
          !Number.isNaN(reply.threadAt) &&
          (variant !== 'tnc' || !Number.isNaN(reply.notificationAt)) &&
          mailsArrived(reply),
        `round ${r} ${variant}: thread, notification and mails`,
      );
      await idle(`round ${r} ${variant}: refetches`);
      // The outbox marks the last mail sent (a commit) after it arrived: let the server fall quiet.
      await sleep(QUIET_MS);
      stop(1, reply.mailsExpected.length);
      if (variant === 'self') selfNotificationEvents.during += events.observerNotifications - notificationEventsBefore;
      if (measured) roundReplies.push(reply);
    }
    if ((r + 1) % 20 === 0) console.log(`  round ${r + 1}/${WARM_UP + ROUNDS}`);
  }
  const roundsOf = (variant: Variant) => roundReplies.filter((r) => r.variant === variant);
  const tncReplies = roundsOf('tnc');
  const notification = stats(tncReplies.map((r) => r.notificationAt - r.sentAt));
  const threadBaseline = stats(tncReplies.map((r) => r.threadAt - r.sentAt));
  const latencyRows = {
    'reply → notification on TNC page (GET /api/notifications)': notification,
    'same reply → thread on observer page (baseline)': threadBaseline,
    'reply, no recipient → thread on observer page': stats(roundsOf('self').map((r) => r.threadAt - r.sentAt)),
    'reply with 4 mails → thread on observer page': stats(roundsOf('mail').map((r) => r.threadAt - r.sentAt)),
    'reply with 4 mails → each mail at the SMTP server': stats(mailLatencies(roundsOf('mail'))),
  };
  const ratio = {
    p50: round(notification.p50 / threadBaseline.p50, 2),
    p95: round(notification.p95 / threadBaseline.p95, 2),
  };
  const postRows = Object.fromEntries(
    VARIANTS.map((v) => [`POST reply: ${LABEL[v]}`, stats(roundsOf(v).map((r) => r.postMs))]),
  );
  const cost = Object.fromEntries(VARIANTS.map((v) => [LABEL[v], meters[v].summary()]));

  console.log(`\nLatency, ms (${ROUNDS} replies per thread after ${WARM_UP} warm-up; from sending the POST)`);
  console.table(latencyRows);
  console.log(`notification ÷ thread baseline: p50 ×${ratio.p50}, p95 ×${ratio.p95}`);
  console.log('\nPOST …/threads/:id/replies round trip, ms');
  console.table(postRows);
  console.log('\nCost per reply, each awaited to the end of what it causes (refetches, mails)');
  console.table(
    Object.fromEntries(
      Object.entries(cost).map(([name, c]) => [
        name,
        {
          'server CPU ms/reply': c.serverCpuMsPerReply,
          'server CPU ms/mail': c.serverCpuMsPerMail ?? '—',
          'server % core': c.serverBusyPctOfCore,
          'bench CPU ms/reply': c.benchCpuMsPerReply,
          'machine busy %, others %': `${c.machineBusyPct}, ${c.othersBusyPct}`,
        },
      ]),
    ),
  );

  // One refetch alone.
  const single = async (who: string, url: string) => {
    for (let i = 0; i < 3; i++) await ok(cookie(who), 'GET', url);
    const latencies: number[] = [];
    const cpu = cpuMsOf(server.pid);
    for (let i = 0; i < SINGLE_SAMPLES; i++) {
      const at = now();
      await ok(cookie(who), 'GET', url);
      latencies.push(now() - at);
    }
    return { ...stats(latencies), serverCpuMsPerRequest: round((cpuMsOf(server.pid) - cpu) / SINGLE_SAMPLES, 2) };
  };
  const singles = {
    [`GET ${NOTIFICATIONS_URL} (TNC, ${WARM_UP + ROUNDS} notifications)`]: await single(TNC, NOTIFICATIONS_URL),
    [`GET …/threads/:id (TNC thread, ${WARM_UP + ROUNDS + 3} comments)`]: await single(
      OBSERVER,
      `${BASE}/threads/${threads.tnc.id}`,
    ),
  };
  console.log(`\nOne refetch alone, ${SINGLE_SAMPLES} sequential (ms; server CPU ms/request)`);
  console.table(singles);

  // — 3: burst —
  const burstMeter = new Meter();
  const burst = Array.from({ length: BURST }, (_, i) => newReply(`nb-burst-${i}`, 'burst', IMMEDIATE));
  const stopBurst = burstMeter.start(true);
  const burstStart = now();
  for (const reply of burst) await postReply(threads.mail, reply);
  const burstPosted = now();
  await idle('burst refetches');
  // The pages hear nothing more: their providers drop the connection after 30 s of silence.
  pagesNeeded = false;
  await until(() => burst.every(mailsArrived), 'the burst mails', 60_000);
  const burstDone = now();
  stopBurst(BURST, BURST * IMMEDIATE.length);
  await sleep(GRACE_MS);
  const burstArrivals = arrivals(burst);
  const burstResult = {
    replies: BURST,
    recipients: IMMEDIATE.length,
    postMs: stats(burst.map((r) => r.postMs)),
    postingMs: Math.round(burstPosted - burstStart),
    postToMailMs: stats(mailLatencies(burst)),
    firstToLastMailMs: Math.round((burstArrivals.at(-1) ?? 0) - (burstArrivals[0] ?? 0)),
    mailsPerSecond: round(
      ((burstArrivals.length - 1) * 1000) / ((burstArrivals.at(-1) ?? 0) - (burstArrivals[0] ?? 0)),
      0,
    ),
    mailsPerSecondFromFirstPost: round((burstArrivals.length * 1000) / (burstDone - burstStart), 0),
    counts: mailCounts(burst),
    cost: burstMeter.summary(),
  };
  console.log(
    `\nBurst: ${BURST} replies posted back to back in ${burstResult.postingMs} ms, ${IMMEDIATE.length} immediate recipients each`,
  );
  console.table({
    'POST reply round trip': burstResult.postMs,
    'POST → mail at the SMTP server': burstResult.postToMailMs,
  });
  console.log(
    `outbox: ${burstResult.mailsPerSecond} mails/s between first and last arrival (${burstResult.firstToLastMailMs} ms),` +
      ` ${burstResult.mailsPerSecondFromFirstPost} mails/s from the first POST; mails ${JSON.stringify(burstResult.counts)};` +
      ` server CPU ${burstResult.cost.serverCpuMsPerReply} ms/reply, ${burstResult.cost.serverCpuMsPerMail} ms/mail` +
      ` (${burstResult.cost.serverBusyPctOfCore}% of a core)`,
  );

  // — 4: outage —
  await smtp.close();
  smtp = null;
  const downAt = now();
  const outage = Array.from({ length: OUTAGE }, (_, i) => newReply(`nb-outage-${i}`, 'outage', IMMEDIATE));
  for (const reply of outage) await postReply(threads.mail, reply);
  await sleep(OUTAGE_RESTART_AFTER_MS);
  const arrivedWhileDown = outage.reduce((n, r) => n + r.mails.size, 0);
  smtp = await startSmtpSink(smtpPort, onMail);
  const upAt = now();
  await until(() => outage.every(mailsArrived), 'the mails queued during the outage', OUTAGE_TIMEOUT_MS);
  const allArrivedAt = now();
  await sleep(GRACE_MS);
  const outageArrivals = arrivals(outage);
  const firstPostAt = outage[0]?.sentAt ?? downAt;
  const outageResult = {
    replies: OUTAGE,
    recipients: IMMEDIATE.length,
    smtpDownMs: Math.round(upAt - downAt),
    arrivedWhileDown,
    restartToFirstMailMs: Math.round((outageArrivals[0] ?? 0) - upAt),
    restartToAllMailsMs: Math.round(allArrivedAt - upAt),
    firstPostToAllMailsMs: Math.round(allArrivedAt - firstPostAt),
    postToMailMs: stats(mailLatencies(outage)),
    firstToLastMailMs: Math.round((outageArrivals.at(-1) ?? 0) - (outageArrivals[0] ?? 0)),
    counts: mailCounts(outage),
  };
  console.log(`\nOutage: SMTP server down ${outageResult.smtpDownMs} ms, ${OUTAGE} replies posted meanwhile`);
  console.log(
    `restart → first mail ${outageResult.restartToFirstMailMs} ms, → all ${outageResult.counts.expected} mails` +
      ` ${outageResult.restartToAllMailsMs} ms (first POST → all: ${outageResult.firstPostToAllMailsMs} ms;` +
      ` first → last arrival ${outageResult.firstToLastMailMs} ms); POST → mail p50/max` +
      ` ${outageResult.postToMailMs.p50}/${outageResult.postToMailMs.max} ms; mails ${JSON.stringify(outageResult.counts)}`,
  );

  // — checks —
  const all = [...replies.values()];
  const allCounts = mailCounts(all);
  const unseen = roundReplies.filter(
    (r) => Number.isNaN(r.threadAt) || (r.variant === 'tnc' && Number.isNaN(r.notificationAt)),
  ).length;
  const tncEventsExpected = WARM_UP + ROUNDS;
  const checks = {
    mailsExpected: allCounts.expected,
    mailsOnce: allCounts.once,
    mailsMissing: allCounts.missing,
    mailsDuplicated: allCounts.duplicated,
    strayMails: strayMails.length,
    notificationEventsDuringNoRecipientReplies: selfNotificationEvents.during,
    tncNotificationEvents: events.tncNotifications,
    tncNotificationEventsExpected: tncEventsExpected,
    repliesNotSeen: unseen,
    pageErrors: pageErrors.length,
    pageSocketsClosedWhenIdle: idleCloses,
  };
  const failed =
    allCounts.missing > 0 ||
    allCounts.duplicated > 0 ||
    strayMails.length > 0 ||
    selfNotificationEvents.during > 0 ||
    events.tncNotifications !== tncEventsExpected ||
    unseen > 0 ||
    pageErrors.length > 0 ||
    arrivedWhileDown > 0;
  console.log(`\nChecks: ${JSON.stringify(checks)}${failed ? ' — FAILED' : ' — all as expected'}`);
  for (const e of pageErrors.slice(0, 10)) console.log(`  ${e}`);
  for (const m of strayMails.slice(0, 10)) console.log(`  stray mail to ${m.to.join()}: ${m.subject}`);

  const rssEndMiB = rssMiBOf(server.pid);
  const totalMs = Math.round(performance.now() - started);
  const results = {
    machine: `${process.platform} ${process.arch}, node ${process.version}, ${os.cpus().length} cores`,
    rounds: ROUNDS,
    warmUp: WARM_UP,
    pinning,
    immediateRecipients: IMMEDIATE,
    smtpBareTransactionMs: floor,
    latencyMs: latencyRows,
    notificationVsThreadBaseline: ratio,
    postMs: postRows,
    cost,
    singleRequests: singles,
    burst: burstResult,
    outage: outageResult,
    checks,
    failed,
    strayMails,
    pageErrors,
    server: { rssStartMiB: round(rssStartMiB), rssEndMiB: round(rssEndMiB) },
    totalMs,
  };
  fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  fs.writeFileSync(
    path.join(import.meta.dirname, 'results', 'notifications.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  console.log(
    `server RSS ${round(rssStartMiB, 0)} → ${round(rssEndMiB, 0)} MiB; ${round(totalMs / 1000, 0)} s in all;` +
      ' wrote bench/results/notifications.json',
  );

  for (const p of pages) p.destroy();
  await server.stop();
  await smtp?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(failed ? 1 : 0);
}

main().catch(async (error) => {
  console.error(error);
  if (server) console.error(server.output().slice(-3000));
  for (const p of pages) p.destroy();
  await server?.stop();
  await smtp?.close();
  process.exit(1);
});
