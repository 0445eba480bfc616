/**
 * Votes of the member states, measured against the real server in a child process (fresh data
 * folder, the demo consultation lmec-2017 seeded), with WATCHERS pages connected to the
 * consultation's presence document (Hocuspocus, as the browser does) on the six delegations',
 * the secretariat's and the observer's sessions (several pages may share one session). Pages
 * publish no awareness state (as unfocused pages), so the presence document carries only events.
 *
 * Each round (WARM_UP rounds first, left out of the latencies, then ROUNDS):
 *  - vote: the secretariat opens a majority or consensus vote (quorum 4) on a clause (a new
 *    clause each round; once all are used, a new vote on a used clause supersedes the closed
 *    one); once every page shows it, the six delegations each cast a ballot AT THE SAME MOMENT
 *    (choices and rule drawn from a seeded generator); in a third of the rounds one delegation
 *    then changes its choice, alone, once the six ballots show everywhere; then the secretariat
 *    closes the vote;
 *  - baseline, the same shape with comments: a partner or the secretariat opens a thread on the
 *    same clause; once every page shows it, the six delegates each post a reply AT THE SAME
 *    MOMENT (each thread then holds seven comments, as a vote holds six ballots). The posting
 *    limit (300 per person / 10 min) stops the baseline after MAX_BASELINE_ROUNDS rounds.
 * The two alternate (which goes first flips every round), so drift hits both alike.
 *
 * A page "shows" a write when a refetch it made on the realtime event (`votes.changed` →
 * GET …/votes/:voteId; `threads.changed` → GET …/threads/:threadId) answers with it: the ballot
 * with its choice, the reply's body. Pages refetch as the client stores do: one request per vote
 * or thread in flight per page, once more after it if more events came meanwhile (the client's
 * own `createCoalescer`). Every page counts, the sender's own delegation's included. Latency:
 * from sending the PUT/POST to that answer, for every (write, page) pair; p50/p95/p99/max, and
 * the ratios vote / baseline; also the PUT/POST round trip, a lone changed ballot, and how long
 * a vote takes to show opened and closed. Before the rounds, one page's refetch alone (50
 * sequential GETs of a vote and of a thread): what each delivery costs without contention.
 *
 * Exactness, every vote round (warm-up included): the closed vote's `result.tally` and `outcome`
 * (and reason and objectors) equal `computeVoteResult(rule, the six states, the choices sent)`,
 * `tally.voted` is 6 and `vote.ballots` holds one ballot per state with its final choice; every
 * page ends showing that same result and got each `votes.changed` once. Exit 1 if any is wrong.
 *
 * Cost, over the write phases (first write sent → every page showed every write and fell idle):
 * the server's CPU per write (/proc, 10 ms ticks summed over all rounds), its RSS; this
 * process's own CPU (share of one core) and event-loop delay (by phase: a 1 ms timer's lateness;
 * over all the rounds: `monitorEventLoopDelay`); the machine's busy share, all cores and per
 * core, and that of processes other than these two ("others": a shared machine shows). By default the server runs on core 0 and this process (the 6 senders and
 * all the pages) on core 1 (`taskset`; PIN=0 to leave both free).
 *
 * Prints tables and writes bench/results/votes.json.
 * Usage (from bench/): pnpm votes [rounds=100] [watchers=20] [seed=1]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createHistogram,
  type IntervalHistogram,
  monitorEventLoopDelay,
  type RecordableHistogram,
} from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import {
  computeVoteResult,
  parseRealtimeEvent,
  presenceDocumentName,
  type RealtimeEvent,
  type ThreadView,
  VOTE_CHOICES,
  type VoteChoice,
  type VoteListResponse,
  type VoteResult,
  type VoteRule,
  type VoteView,
} from '@accord/shared';
import { createCoalescer } from '../client/src/app/coalesce.ts';
import { connectDocument, type SyncedClient, signIn } from '../test/support/clients.ts';
import { freshDataDir, type RunningServer, startServer } from '../test/support/server.ts';
import { conditionWaiters, jsonCalls } from './benchIo.ts';
import { cpuMsOf, machineCpu, percentile, rssMiBOf, TICK_MS } from './procStats.ts';

const ROUNDS = Number(process.argv[2] ?? 100);
const WATCHERS = Number(process.argv[3] ?? 20);
const SEED = Number(process.argv[4] ?? 1);
const WARM_UP = 3;
/** Share of the vote rounds in which one delegation changes its choice after the six ballots. */
const CHANGE_SHARE = 1 / 3;
/** Each delegate posts one reply per baseline round: keep under the 300 posts / 10 min limit. */
const MAX_BASELINE_ROUNDS = 290;
const TIMEOUT_MS = 15_000;
const SINGLE_SAMPLES = 50;
const ELD_RESOLUTION_MS = 1;
const PIN = process.env.PIN !== '0' && os.cpus().length >= 2;

const CID = 'lmec-2017';
const BASE = `/api/consultations/${CID}`;
const STATES = ['china', 'cambodia', 'laos', 'myanmar', 'thailand', 'vietnam'] as const;
type State = (typeof STATES)[number];
const delegateOf = (state: State) => `delegate.${state}@lmec.org`;
const SECRETARIAT = 'secretariat@lmec.org';
const OBSERVER = 'observer@lmec.org';
/** Who opens the baseline's threads (not the delegates: their posting budget goes to replies). */
const THREAD_OPENERS = [SECRETARIAT, 'tnc@partners.org', 'sei@partners.org', 'ci@partners.org'];

const round = (n: number, digits = 1) => +n.toFixed(digits);
const sleepTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** mulberry32: a small seeded generator, so a run can be repeated exactly. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

// — the server and HTTP —

let server: RunningServer;

const { call, ok } = jsonCalls(() => server.url);

// — waiting for conditions, without polling —

const { poke, until } = conditionWaiters(TIMEOUT_MS);

// — the pages —

interface Watcher {
  index: number;
  account: string;
  cookie: string;
  client: SyncedClient;
  coalesce: ReturnType<typeof createCoalescer>;
  /** The latest view fetched, by key (`vote:<id>`, `thread:<id>`). */
  views: Map<string, VoteView | ThreadView>;
  /** Realtime events received, by key. */
  events: Map<string, number>;
  fetches: { vote: number; thread: number };
  errors: string[];
}

let watchers: Watcher[] = [];
let inFlight = 0;

/** A write the pages should show: when each did (NaN until then). */
interface Expectation {
  key: string;
  sentAt: number;
  shows: (view: VoteView | ThreadView) => boolean;
  seenAt: number[];
  left: number;
}
const expectations = new Map<string, Set<Expectation>>();

function expectShown(key: string, shows: (view: VoteView | ThreadView) => boolean): Expectation {
  const expectation: Expectation = {
    key,
    sentAt: Number.NaN,
    shows,
    seenAt: watchers.map(() => Number.NaN),
    left: watchers.length,
  };
  // Views already here (a write whose key was only known from its answer) count from now.
  for (const w of watchers) {
    const view = w.views.get(key);
    if (view && shows(view)) see(expectation, w.index, performance.now());
  }
  if (expectation.left > 0) {
    const set = expectations.get(key) ?? new Set();
    set.add(expectation);
    expectations.set(key, set);
  }
  return expectation;
}

function see(expectation: Expectation, index: number, at: number): void {
  if (!Number.isNaN(expectation.seenAt[index])) return;
  expectation.seenAt[index] = at;
  expectation.left -= 1;
  if (expectation.left === 0) expectations.get(expectation.key)?.delete(expectation);
}

function observe(w: Watcher, key: string, view: VoteView | ThreadView, at: number): void {
  w.views.set(key, view);
  for (const expectation of expectations.get(key) ?? [])
    if (Number.isNaN(expectation.seenAt[w.index]) && expectation.shows(view)) see(expectation, w.index, at);
}

/** Latencies of an expectation, from its sending, on every page. */
const latenciesOf = (e: Expectation) => e.seenAt.map((at) => at - e.sentAt);
const allShown = (list: Expectation[]) => () => list.every((e) => e.left === 0);

async function refetch(w: Watcher, kind: 'vote' | 'thread', id: string): Promise<void> {
  const key = `${kind}:${id}`;
  inFlight += 1;
  w.fetches[kind] += 1;
  try {
    const answer = await call<{ vote: VoteView } | ThreadView>(
      w.cookie,
      'GET',
      kind === 'vote' ? `${BASE}/votes/${id}` : `${BASE}/threads/${id}`,
    );
    if (answer.status !== 200) {
      w.errors.push(`GET ${key}: ${answer.status}`);
      return;
    }
    const view = kind === 'vote' ? (answer.body as { vote: VoteView }).vote : (answer.body as ThreadView);
    observe(w, key, view, performance.now());
  } catch (error) {
    w.errors.push(`GET ${key}: ${String(error)}`);
  } finally {
    inFlight -= 1;
    poke();
  }
}

function onEvent(w: Watcher, event: RealtimeEvent): void {
  const kind = event.type === 'votes.changed' ? 'vote' : event.type === 'threads.changed' ? 'thread' : null;
  if (kind === null) return;
  const ids = event.type === 'votes.changed' ? event.voteIds : event.type === 'threads.changed' ? event.threadIds : [];
  for (const id of new Set(ids)) {
    const key = `${kind}:${id}`;
    w.events.set(key, (w.events.get(key) ?? 0) + 1);
    void w.coalesce(key, () => refetch(w, kind, id));
  }
  poke();
}

/** Every page has received `count` events about `key` since `before`, and no refetch runs. */
async function settle(key: string, count: number, before: number[], what: string): Promise<void> {
  await until(() => watchers.every((w) => (w.events.get(key) ?? 0) - (before[w.index] ?? 0) >= count), what);
  // A coalescer may start its "once more" right after a refetch ends: look again a turn later.
  for (;;) {
    await until(() => inFlight === 0, `${what}: refetches to end`);
    await sleepTurn();
    if (inFlight === 0) return;
  }
}
const eventCounts = (key: string) => watchers.map((w) => w.events.get(key) ?? 0);

// — CPU, event-loop delay —

function coresCpu(): { busyMs: number; totalMs: number }[] {
  return fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .filter((line) => /^cpu\d+ /.test(line))
    .map((line) => {
      const fields = line.trim().split(/\s+/).slice(1).map(Number);
      const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
      const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
      return { busyMs: (total - idle) * TICK_MS, totalMs: total * TICK_MS };
    });
}

/**
 * Event-loop delay by phase: how late a 1 ms interval timer fires, recorded (µs) in the histogram
 * of the phase running. (`monitorEventLoopDelay` cannot be paused between phases: once enabled
 * again, its first sample spans the whole pause.)
 */
const phaseDelay = {
  current: null as RecordableHistogram | null,
  last: 0,
  timer: null as ReturnType<typeof setInterval> | null,
  start() {
    this.last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      this.current?.record(Math.max(1, Math.round((now - this.last - 1) * 1000)));
      this.last = now;
    }, 1);
  },
  stop() {
    if (this.timer) clearInterval(this.timer);
  },
};

/** CPU over the write phases of one kind, summed over the rounds. */
class PhaseMeter {
  wallMs = 0;
  serverMs = 0;
  ownMs = 0;
  busyMs = 0;
  totalMs = 0;
  cores: { busyMs: number; totalMs: number }[] = [];
  writes = 0;
  /** µs, see `phaseDelay`. */
  readonly delay: RecordableHistogram = createHistogram();

  /** Starts a phase; its stop counts it only when `measured` (not in the warm-up). */
  start(measured: boolean) {
    const at = performance.now();
    const serverMs = cpuMsOf(server.pid);
    const own = process.cpuUsage();
    const machine = machineCpu();
    const cores = coresCpu();
    if (measured) phaseDelay.current = this.delay;
    return (writes: number) => {
      phaseDelay.current = null;
      if (!measured) return;
      const nowCores = coresCpu();
      const nowMachine = machineCpu();
      const ownUsage = process.cpuUsage(own);
      this.wallMs += performance.now() - at;
      this.serverMs += cpuMsOf(server.pid) - serverMs;
      this.ownMs += (ownUsage.user + ownUsage.system) / 1000;
      this.busyMs += nowMachine.busyMs - machine.busyMs;
      this.totalMs += nowMachine.totalMs - machine.totalMs;
      nowCores.forEach((core, i) => {
        const was = cores[i] ?? { busyMs: 0, totalMs: 0 };
        const sum = this.cores[i] ?? { busyMs: 0, totalMs: 0 };
        this.cores[i] = {
          busyMs: sum.busyMs + core.busyMs - was.busyMs,
          totalMs: sum.totalMs + core.totalMs - was.totalMs,
        };
      });
      this.writes += writes;
    };
  }

  summary() {
    return {
      writes: this.writes,
      wallMs: Math.round(this.wallMs),
      serverCpuMsPerWrite: round(this.serverMs / this.writes, 2),
      serverCpuMsPerDelivery: round(this.serverMs / (this.writes * watchers.length), 3),
      serverBusyPctOfCore: round((100 * this.serverMs) / this.wallMs, 0),
      benchCpuMsPerWrite: round(this.ownMs / this.writes, 2),
      benchBusyPctOfCore: round((100 * this.ownMs) / this.wallMs, 0),
      benchEventLoopDelayMs: {
        p50: round(this.delay.percentile(50) / 1000, 1),
        p99: round(this.delay.percentile(99) / 1000, 1),
        max: round(this.delay.max / 1000, 1),
      },
      machineBusyPct: round((100 * this.busyMs) / this.totalMs, 0),
      othersBusyPct: round(Math.max(0, (100 * (this.busyMs - this.serverMs - this.ownMs)) / this.totalMs), 0),
      coreBusyPct: this.cores.map((c) => round((100 * c.busyMs) / c.totalMs, 0)),
    };
  }
}

/** The histogram samples every ELD_RESOLUTION_MS and records the interval: the delay is the excess. */
function delayOf(h: IntervalHistogram) {
  const ms = (ns: number) => round(Math.max(0, ns / 1e6 - ELD_RESOLUTION_MS), 1);
  return { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) };
}

function stats(values: number[]) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? Number.NaN),
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}

// — the rounds —

const series = {
  ballotToScreens: [] as number[],
  ballotPut: [] as number[],
  changeToScreens: [] as number[],
  changePut: [] as number[],
  openToScreens: [] as number[],
  closeToScreens: [] as number[],
  replyToScreens: [] as number[],
  replyPost: [] as number[],
  threadToScreens: [] as number[],
};
let voteMeter: PhaseMeter;
let replyMeter: PhaseMeter;
let rssMaxMiB = 0;

interface RoundCheck {
  round: number;
  voteId: string;
  rule: VoteRule;
  choices: VoteChoice[];
  change: { state: State; choice: VoteChoice } | null;
  exact: boolean;
  problems: string[];
  screensWrong: number;
  eventsOff: number;
}
const checks: RoundCheck[] = [];

interface Sessions {
  secretariat: string;
  delegates: Record<State, string>;
  openers: string[];
}

async function voteRound(r: number, measured: boolean, clauseId: string, sessions: Sessions): Promise<void> {
  const rule: VoteRule = { kind: random() < 0.5 ? 'majority' : 'consensus', quorum: 4 };
  const choices = STATES.map(() => pick(VOTE_CHOICES));
  let change: RoundCheck['change'] = null;
  if (random() < CHANGE_SHARE) {
    const i = Math.floor(random() * STATES.length);
    change = { state: STATES[i] as State, choice: pick(VOTE_CHOICES.filter((c) => c !== choices[i])) };
  }
  const problems: string[] = [];

  const openAt = performance.now();
  const opened = await ok<{ vote: VoteView }>(sessions.secretariat, 'POST', `${BASE}/votes`, {
    subject: { kind: 'clause', clauseId },
    question: { en: `Bench round ${r}: do the member states agree?`, zh: `第 ${r} 轮：成员国是否同意？` },
    rule,
  });
  const voteId = opened.vote.id;
  const key = `vote:${voteId}`;
  const shownOpen = expectShown(key, (v) => (v as VoteView).state === 'open');
  shownOpen.sentAt = openAt;
  await until(allShown([shownOpen]), `vote ${r} to show opened`);
  await settle(
    key,
    1,
    watchers.map(() => 0),
    `vote ${r} opened`,
  );

  // The six ballots at the same moment, and (some rounds) one changed alone afterwards.
  const stop = voteMeter.start(measured);
  const before = eventCounts(key);
  const ballots = STATES.map((state, i) =>
    expectShown(key, (v) => (v as VoteView).ballots.find((b) => b.stakeholderId === state)?.choice === choices[i]),
  );
  const cast = (state: State, choice: VoteChoice, expectation: Expectation, rtts: number[]) => {
    expectation.sentAt = performance.now();
    return call<{ vote: VoteView }>(sessions.delegates[state], 'PUT', `${BASE}/votes/${voteId}/ballots/${state}`, {
      choice,
    }).then((answer) => {
      rtts.push(performance.now() - expectation.sentAt);
      if (answer.status !== 200) problems.push(`PUT ${state} ${choice}: ${answer.status} ${answer.text}`);
      return answer;
    });
  };
  const putRtts: number[] = [];
  await Promise.all(
    STATES.map((state, i) => cast(state, choices[i] as VoteChoice, ballots[i] as Expectation, putRtts)),
  );
  if (problems.length > 0) throw new Error(`round ${r}: ${problems.join('; ')}`);
  await until(allShown(ballots), `the ballots of round ${r} to show`);
  await settle(key, STATES.length, before, `the ballots of round ${r}`);
  const changeRtts: number[] = [];
  let changed: Expectation | null = null;
  if (change) {
    const { state, choice } = change;
    changed = expectShown(
      key,
      (v) => (v as VoteView).ballots.find((b) => b.stakeholderId === state)?.choice === choice,
    );
    await cast(state, choice, changed, changeRtts);
    if (problems.length > 0) throw new Error(`round ${r}: ${problems.join('; ')}`);
    await until(allShown([changed]), `the changed ballot of round ${r} to show`);
    await settle(key, STATES.length + 1, before, `the changed ballot of round ${r}`);
  }
  stop(STATES.length + (change ? 1 : 0));
  rssMaxMiB = Math.max(rssMaxMiB, rssMiBOf(server.pid));

  // Close: the result, on the server and on every page.
  const closeAt = performance.now();
  const closed = await call<{ vote: VoteView }>(sessions.secretariat, 'POST', `${BASE}/votes/${voteId}/close`);
  if (closed.status !== 200) problems.push(`close: ${closed.status} ${closed.text}`);
  const shownClosed = expectShown(key, (v) => (v as VoteView).state === 'closed');
  shownClosed.sentAt = closeAt;
  await until(allShown([shownClosed]), `vote ${r} to show closed`);
  const eventsExpected = 1 + STATES.length + (change ? 1 : 0) + 1;
  await settle(
    key,
    eventsExpected,
    watchers.map(() => 0),
    `vote ${r} closed`,
  );

  const final = STATES.map((state, i) => (change?.state === state ? change.choice : (choices[i] as VoteChoice)));
  const sent = STATES.map((stakeholderId, i) => ({ stakeholderId, choice: choices[i] as VoteChoice }));
  if (change) sent.push({ stakeholderId: change.state, choice: change.choice });
  const expected = computeVoteResult(rule, STATES, sent);
  const vote = closed.body?.vote;
  if (vote) {
    const result: VoteResult = vote.result;
    if (vote.state !== 'closed') problems.push(`state ${vote.state}`);
    if (!isDeepStrictEqual(result.tally, expected.tally))
      problems.push(`tally ${JSON.stringify(result.tally)} ≠ ${JSON.stringify(expected.tally)}`);
    if (result.outcome !== expected.outcome) problems.push(`outcome ${result.outcome} ≠ ${expected.outcome}`);
    if (result.reason !== expected.reason) problems.push(`reason ${result.reason} ≠ ${expected.reason}`);
    if (!isDeepStrictEqual(result.objectors, expected.objectors))
      problems.push(`objectors ${result.objectors.join()} ≠ ${expected.objectors.join()}`);
    if (result.tally.voted !== STATES.length) problems.push(`voted ${result.tally.voted}`);
    const byState = vote.ballots.map((b) => `${b.stakeholderId}:${b.choice}`).sort();
    const wanted = STATES.map((s, i) => `${s}:${final[i]}`).sort();
    if (!isDeepStrictEqual(byState, wanted)) problems.push(`ballots ${byState.join()} ≠ ${wanted.join()}`);
    if (!isDeepStrictEqual([...vote.memberStates].sort(), [...STATES].sort()))
      problems.push(`member states ${vote.memberStates.join()}`);
  }
  const screensWrong = watchers.filter((w) => {
    const view = w.views.get(key) as VoteView | undefined;
    return view?.state !== 'closed' || !isDeepStrictEqual(view.result, vote?.result);
  }).length;
  const eventsOff = watchers.filter((w) => w.events.get(key) !== eventsExpected).length;
  checks.push({
    round: r,
    voteId,
    rule,
    choices,
    change,
    exact: problems.length === 0,
    problems,
    screensWrong,
    eventsOff,
  });

  if (measured) {
    for (const e of ballots) series.ballotToScreens.push(...latenciesOf(e));
    series.ballotPut.push(...putRtts);
    if (changed) series.changeToScreens.push(...latenciesOf(changed));
    series.changePut.push(...changeRtts);
    series.openToScreens.push(...latenciesOf(shownOpen));
    series.closeToScreens.push(...latenciesOf(shownClosed));
  }
}

async function replyRound(r: number, measured: boolean, clauseId: string, sessions: Sessions): Promise<void> {
  const openAt = performance.now();
  const thread = await ok<ThreadView>(
    sessions.openers[r % sessions.openers.length] as string,
    'POST',
    `${BASE}/threads`,
    {
      clauseId,
      kind: 'comment',
      body: `Bench thread ${r}: the member states should look at this clause again.`,
    },
  );
  const key = `thread:${thread.id}`;
  const shown = expectShown(key, () => true);
  shown.sentAt = openAt;
  await until(allShown([shown]), `thread ${r} to show`);
  await settle(
    key,
    1,
    watchers.map(() => 0),
    `thread ${r} opened`,
  );

  const stop = replyMeter.start(measured);
  const before = eventCounts(key);
  const bodies = STATES.map((state) => `Bench reply ${r} from ${state}: we support this clause as drafted.`);
  const replies = bodies.map((body) =>
    expectShown(key, (v) => (v as ThreadView).comments.some((c) => c.body === body)),
  );
  const postRtts: number[] = [];
  await Promise.all(
    STATES.map(async (state, i) => {
      const expectation = replies[i] as Expectation;
      expectation.sentAt = performance.now();
      const answer = await call(sessions.delegates[state], 'POST', `${BASE}/threads/${thread.id}/replies`, {
        body: bodies[i],
      });
      postRtts.push(performance.now() - expectation.sentAt);
      if (answer.status !== 201) throw new Error(`reply of ${state}: ${answer.status} ${answer.text}`);
    }),
  );
  await until(allShown(replies), `the replies of round ${r} to show`);
  await settle(key, STATES.length, before, `the replies of round ${r}`);
  stop(STATES.length);
  rssMaxMiB = Math.max(rssMaxMiB, rssMiBOf(server.pid));

  if (measured) {
    for (const e of replies) series.replyToScreens.push(...latenciesOf(e));
    series.replyPost.push(...postRtts);
    series.threadToScreens.push(...latenciesOf(shown));
  }
}

/** One page's refetch alone: SINGLE_SAMPLES sequential GETs after a few more; latency and server CPU. */
async function single(cookie: string, url: string) {
  for (let i = 0; i < 5; i++) await ok(cookie, 'GET', url);
  const latencies: number[] = [];
  const serverMs = cpuMsOf(server.pid);
  for (let i = 0; i < SINGLE_SAMPLES; i++) {
    const at = performance.now();
    await ok(cookie, 'GET', url);
    latencies.push(performance.now() - at);
  }
  return { ...stats(latencies), serverCpuMsPerRequest: round((cpuMsOf(server.pid) - serverMs) / SINGLE_SAMPLES, 2) };
}

function pin(pid: number, core: number): string {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' });
    return `core ${core}`;
  } catch (error) {
    return `not pinned (${String(error).split('\n')[0]})`;
  }
}

async function main() {
  const dataDir = freshDataDir();
  server = await startServer({ dataDir });
  const pinning = PIN
    ? { server: pin(server.pid, 0), bench: pin(process.pid, 1) }
    : { server: 'not pinned', bench: 'not pinned' };
  const rssStartMiB = rssMiBOf(server.pid);
  const started = performance.now();

  const secretariat = await signIn(server.url, SECRETARIAT);
  const delegates = Object.fromEntries(
    await Promise.all(STATES.map(async (state) => [state, await signIn(server.url, delegateOf(state))])),
  ) as Record<State, string>;
  const observer = await signIn(server.url, OBSERVER);
  const openers = await Promise.all(THREAD_OPENERS.map((email) => signIn(server.url, email)));
  const sessions: Sessions = { secretariat, delegates, openers };

  const consultation = await ok<{ framework: { clauses: { id: string }[] } }>(observer, 'GET', BASE);
  const demoVotes = (await ok<VoteListResponse>(observer, 'GET', `${BASE}/votes`)).votes;
  const demoThreads = (await ok<{ threads: ThreadView[] }>(observer, 'GET', `${BASE}/threads`)).threads;
  const openSubjects = new Set(
    demoVotes
      .filter((v) => v.state === 'open' && v.subject.kind === 'clause')
      .map((v) => (v.subject.kind === 'clause' ? v.subject.clauseId : '')),
  );
  const clauseIds = consultation.framework.clauses.map((c) => c.id).filter((id) => !openSubjects.has(id));
  if (clauseIds.length === 0) throw new Error('no clause to vote on');

  // The pages: the six delegations, the secretariat, then observers (one session shared).
  const accounts: [string, string][] = [
    ...STATES.map((state): [string, string] => [delegateOf(state), delegates[state]]),
    [SECRETARIAT, secretariat],
  ];
  watchers = Array.from({ length: WATCHERS }, (_, index) => {
    const [account, cookie] = accounts[index] ?? [OBSERVER, observer];
    const client = connectDocument(server.url, cookie, presenceDocumentName(CID), { awareness: false });
    const w: Watcher = {
      index,
      account,
      cookie,
      client,
      coalesce: createCoalescer(),
      views: new Map(),
      events: new Map(),
      fetches: { vote: 0, thread: 0 },
      errors: [],
    };
    client.provider.on('stateless', ({ payload }: { payload: string }) => {
      const event = parseRealtimeEvent(payload);
      if (event) onEvent(w, event);
    });
    client.socket.on('close', () => w.errors.push('socket closed'));
    return w;
  });
  await Promise.all(watchers.map((w) => w.client.synced));
  // What one page's refetch costs alone (a demo vote with 2 ballots, a demo thread), as an observer.
  const singles = {
    'GET …/votes/:voteId alone': await single(observer, `${BASE}/votes/${demoVotes.at(-1)?.id}`),
    'GET …/threads/:threadId alone': await single(observer, `${BASE}/threads/${demoThreads[0]?.id}`),
  };
  voteMeter = new PhaseMeter();
  replyMeter = new PhaseMeter();
  const overallDelay = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });

  const total = WARM_UP + ROUNDS;
  const baselineRounds = Math.min(total, MAX_BASELINE_ROUNDS);
  console.log(
    `${WATCHERS} pages connected; ${WARM_UP} warm-up + ${ROUNDS} rounds over ${clauseIds.length} clauses` +
      ` (server ${pinning.server}, bench ${pinning.bench})`,
  );
  const runStarted = performance.now();
  phaseDelay.start();
  for (let r = 0; r < total; r++) {
    if (r === WARM_UP) overallDelay.enable();
    const measured = r >= WARM_UP;
    const clauseId = clauseIds[r % clauseIds.length] as string;
    const vote = () => voteRound(r, measured, clauseId, sessions);
    const reply = () => (r < baselineRounds ? replyRound(r, measured, clauseId, sessions) : Promise.resolve());
    if (r % 2 === 0) {
      await vote();
      await reply();
    } else {
      await reply();
      await vote();
    }
    if ((r + 1) % 25 === 0) console.log(`  round ${r + 1}/${total}`);
  }
  overallDelay.disable();
  phaseDelay.stop();
  const runMs = performance.now() - runStarted;

  // — report —
  const vote = stats(series.ballotToScreens);
  const baseline = stats(series.replyToScreens);
  const latencyRows = {
    'ballot PUT → each page (vote)': vote,
    'reply POST → each page (baseline)': baseline,
    'ballot PUT round trip': stats(series.ballotPut),
    'reply POST round trip': stats(series.replyPost),
    'lone changed ballot → each page': stats(series.changeToScreens),
    'lone changed ballot PUT round trip': stats(series.changePut),
    'vote opened → each page': stats(series.openToScreens),
    'vote closed → each page': stats(series.closeToScreens),
    'thread opened → each page': stats(series.threadToScreens),
  };
  const ratio = {
    p50: round(vote.p50 / baseline.p50, 2),
    p95: round(vote.p95 / baseline.p95, 2),
    p99: round(vote.p99 / baseline.p99, 2),
  };
  const cost = { 'six ballots (+ change)': voteMeter.summary(), 'six replies (baseline)': replyMeter.summary() };
  const wrong = checks.filter((c) => !c.exact);
  const screensWrong = checks.reduce((n, c) => n + c.screensWrong, 0);
  const eventsOff = checks.reduce((n, c) => n + c.eventsOff, 0);
  const pageErrors = watchers.flatMap((w) => w.errors.map((e) => `page ${w.index}: ${e}`));
  const voteFetches = watchers.reduce((n, w) => n + w.fetches.vote, 0);
  const voteEvents = watchers.reduce(
    (n, w) => n + [...w.events].reduce((m, [key, count]) => m + (key.startsWith('vote:') ? count : 0), 0),
    0,
  );
  const exactness = {
    rounds: checks.length,
    exact: checks.length - wrong.length,
    wrong: wrong.length,
    withChangedBallot: checks.filter((c) => c.change).length,
    majority: checks.filter((c) => c.rule.kind === 'majority').length,
    outcomes: Object.fromEntries(
      ['adopted', 'not_adopted', 'no_quorum'].map((o) => [
        o,
        checks.filter(
          (c) =>
            computeVoteResult(
              c.rule,
              STATES,
              STATES.map((s, i) => ({
                stakeholderId: s,
                choice: c.change?.state === s ? c.change.choice : (c.choices[i] as VoteChoice),
              })),
            ).outcome === o,
        ).length,
      ]),
    ),
    pagesShowingAWrongResult: screensWrong,
    pagesWithEventsMissingOrExtra: eventsOff,
    pageErrors: pageErrors.length,
  };

  console.log(`\nLatency, ms (${ROUNDS} rounds after ${WARM_UP} warm-up, ${WATCHERS} pages; write → every page)`);
  console.table(latencyRows);
  console.log(`vote / baseline: p50 ×${ratio.p50}, p95 ×${ratio.p95}, p99 ×${ratio.p99}`);
  console.log(`\nOne refetch alone, ${SINGLE_SAMPLES} sequential, no other load (ms; server CPU ms/request)`);
  console.table(singles);
  console.log('\nCost over the write phases (server and bench pinned as said above)');
  console.table(
    Object.fromEntries(
      Object.entries(cost).map(([name, c]) => [
        name,
        {
          writes: c.writes,
          'server CPU ms/write': c.serverCpuMsPerWrite,
          'server CPU ms/delivery': c.serverCpuMsPerDelivery,
          'server % core': c.serverBusyPctOfCore,
          'bench CPU ms/write': c.benchCpuMsPerWrite,
          'bench % core': c.benchBusyPctOfCore,
          'bench ELD p50/p99/max ms': `${c.benchEventLoopDelayMs.p50}/${c.benchEventLoopDelayMs.p99}/${c.benchEventLoopDelayMs.max}`,
          'machine busy %, others %': `${c.machineBusyPct}, ${c.othersBusyPct}`,
          'cores busy %': c.coreBusyPct.join('/'),
        },
      ]),
    ),
  );
  const rssEndMiB = rssMiBOf(server.pid);
  console.log(
    `server RSS ${round(rssStartMiB, 0)} MiB at start, ${round(rssMaxMiB, 0)} MiB max, ${round(rssEndMiB, 0)} MiB at end;` +
      ` bench ELD over the rounds p50/p99/max ${Object.values(delayOf(overallDelay)).join('/')} ms;` +
      ` vote refetches per vote event received ${round(voteFetches / voteEvents, 2)} (${voteFetches} / ${voteEvents})`,
  );
  if (baselineRounds < total)
    console.log(`baseline ran ${baselineRounds} rounds of ${total}: the posting limit is 300 replies / 10 min each`);
  console.log(
    `\nExactness: rounds: ${exactness.rounds}, exact: ${exactness.exact}, wrong: ${exactness.wrong}` +
      ` (${exactness.withChangedBallot} with a changed ballot, ${exactness.majority} majority;` +
      ` outcomes ${JSON.stringify(exactness.outcomes)}); pages showing a wrong result: ${screensWrong};` +
      ` pages with events missing or extra: ${eventsOff}; page errors: ${pageErrors.length}`,
  );
  for (const c of wrong.slice(0, 10)) console.log(`  round ${c.round}: ${c.problems.join('; ')}`);
  for (const e of pageErrors.slice(0, 10)) console.log(`  ${e}`);

  const results = {
    machine: `${process.platform} ${process.arch}, node ${process.version}, ${os.cpus().length} cores`,
    rounds: ROUNDS,
    warmUp: WARM_UP,
    watchers: WATCHERS,
    seed: SEED,
    pages: watchers.map((w) => w.account),
    pinning,
    baselineRounds,
    latencyMs: latencyRows,
    voteVsBaseline: ratio,
    singleRequests: singles,
    cost,
    server: { rssStartMiB: round(rssStartMiB), rssMaxMiB: round(rssMaxMiB), rssEndMiB: round(rssEndMiB) },
    benchEventLoopDelayMs: delayOf(overallDelay),
    exactness,
    wrongRounds: wrong,
    pageErrors,
    runMs: Math.round(runMs),
    totalMs: Math.round(performance.now() - started),
  };
  fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(import.meta.dirname, 'results', 'votes.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`${Math.round(runMs)} ms of rounds; wrote bench/results/votes.json`);

  for (const w of watchers) w.client.destroy();
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(wrong.length > 0 || screensWrong > 0 || eventsOff > 0 || pageErrors.length > 0 ? 1 : 0);
}

main().catch(async (error) => {
  console.error(error);
  if (server) console.error(server.output().slice(-2000));
  for (const w of watchers) w.client.destroy();
  await server?.stop();
  process.exit(1);
});
