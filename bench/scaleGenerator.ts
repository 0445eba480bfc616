/**
 * One load-generator process of bench/scale.ts (forked; talks to it over IPC). It signs in its
 * own people, opens its clients on one clause document, types on a schedule shared with the
 * other generators, and reports what each of its clients received:
 *
 *  - typists: full clients (Y.Doc + HocuspocusProvider, as the browser's editor), each types
 *    `[typist.seq.µs]` markers at the end of the clause's first paragraph at a fixed rate; they
 *    receive the others' edits as the browser would (applying them), and time them from the
 *    provider's document updates;
 *  - viewers: mostly *light* clients (a raw WebSocket speaking just enough of the Hocuspocus
 *    protocol to authenticate and sync; they find the markers in the bytes of each update and
 *    keep no Y.Doc), a few full ones to check that everyone converged.
 *
 * Per receiver group it reports, for every edit sent in the measured window, how many clients
 * received it and when the last did (µs since the run's epoch), plus a histogram of edit → each
 * client latency; and its own event-loop delay over the window (a saturated generator shows).
 */
import crypto from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { clausePlainText } from '@accord/shared';
import * as Y from 'yjs';
import { connectDocument, type SyncedClient, signIn, webSocketWith } from '../test/support/clients.ts';
import {
  AuthType,
  authMessage,
  clockMs,
  forEachMarker,
  LatencyHistogram,
  MessageType,
  marker,
  queryAwarenessMessage,
  readHeader,
  SyncType,
  syncStep1Message,
} from './scaleWire.ts';

export interface ReceiverSpec {
  url: string;
  /** Results are reported per group (e.g. viewers on the typist's instance and on the other one). */
  group: string;
  /** A full client (Y.Doc + provider) rather than a light one. */
  full: boolean;
}

export interface GeneratorSpec {
  id: number;
  /** The run's epoch on the shared clock (ms): markers carry µs since it. */
  epochMs: number;
  documentName: string;
  /** Accord: sign in and send the session cookie; bare Hocuspocus: no authentication. */
  signIn: boolean;
  /** Typists sign in as these (in turn), viewers as `viewerAccount`; one session per 18 sockets. */
  typistAccounts: string[];
  viewerAccount: string;
  typists: { url: string; index: number; group: string }[];
  viewers: ReceiverSpec[];
  /** Sockets opened at once while connecting. */
  connectConcurrency: number;
}

export interface RunCommand {
  /** Typing starts (shared clock, ms). */
  startAtMs: number;
  warmupMs: number;
  durationMs: number;
  ratePerSecond: number;
}

export interface GroupReport {
  receivers: number;
  /** [typist * 1e6 + seq, deliveries, last arrival µs] for each edit of the window seen. */
  edits: [number, number, number][];
  histogram: ReturnType<LatencyHistogram['toJSON']>;
  /** Update messages received in the window that carried markers, and markers in them. */
  frames: number;
  markers: number;
}

export interface GeneratorReport {
  id: number;
  /** [typist, seq, sent µs] of every edit sent in the measured window. */
  sent: [number, number, number][];
  /** Edits sent in all (warm-up and window). */
  sentTotal: number;
  groups: Record<string, GroupReport>;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** Full clients' plain text at the end: length and a hash, to check convergence. */
  texts: { length: number; sha1: string }[];
  errors: string[];
}

export type ToGenerator =
  | { type: 'clock'; n: number }
  | { type: 'setup'; spec: GeneratorSpec }
  | { type: 'run'; run: RunCommand }
  | { type: 'report' }
  | { type: 'close' };

export type FromGenerator =
  | { type: 'hello' }
  | { type: 'clock'; n: number; t: number }
  | { type: 'ready'; connectMs: number }
  | { type: 'typed' }
  | { type: 'report'; report: GeneratorReport }
  | { type: 'failed'; error: string };

const SOCKETS_PER_SESSION = 18;
const EVENT_LOOP_RESOLUTION_MS = 10; // the server allows 20 sockets per session

/** What a receiver does with each update it gets: find the markers in it. */
type OnUpdate = (bytes: Buffer, from: number) => void;

type Socket = InstanceType<ReturnType<typeof webSocketWith>>;

interface Client {
  full?: SyncedClient;
  light?: Socket;
  close(): void;
}

/** The same edit as test/support/clauseText.ts `appendToClause` (not imported: that module loads the whole server). */
function appendToClause(doc: Y.Doc, text: string): void {
  const first = (doc.get('root', Y.XmlText).toDelta() as { insert: unknown }[])[0]?.insert;
  if (!(first instanceof Y.XmlText)) throw new Error('clause document has no paragraph');
  first.insert(first.length, text);
}

/** A raw Hocuspocus client: authenticates, asks for the document, hands each update's bytes to `onUpdate`. */
function lightViewer(
  url: string,
  cookie: string | null,
  documentName: string,
  onUpdate: OnUpdate,
  onLost: (why: string) => void,
): Promise<{ socket: Socket; close(): void }> {
  const headers: Record<string, string> = { origin: url };
  if (cookie) headers.cookie = cookie;
  const Socket = webSocketWith(headers);
  const socket = new Socket(`${url.replace(/^http/, 'ws')}/collab`);
  let keepAlive: NodeJS.Timeout | undefined;
  let closing = false;
  const close = () => {
    closing = true;
    clearInterval(keepAlive);
    socket.terminate();
  };
  return new Promise((resolve, reject) => {
    socket.on('open', () => {
      socket.send(authMessage(documentName, 'session'));
      socket.send(syncStep1Message(documentName));
    });
    socket.on('error', (error) => reject(error));
    socket.on('close', (code) => {
      clearInterval(keepAlive);
      reject(new Error(`light viewer closed: ${code}`));
      if (!closing) onLost(`light viewer closed: ${code}`);
    });
    socket.on('message', (data: Buffer) => {
      const header = readHeader(data);
      if (!header) return;
      if (header.type === MessageType.Auth && header.subType === AuthType.PermissionDenied) {
        reject(new Error('light viewer refused'));
      } else if (header.type === MessageType.Sync || header.type === MessageType.SyncReply) {
        if (header.subType === SyncType.Update) onUpdate(data, header.bodyAt);
        else if (header.subType === SyncType.Step2) {
          // The server closes sockets that send nothing for 60 s.
          keepAlive = setInterval(() => socket.send(queryAwarenessMessage(documentName)), 20_000);
          resolve({ socket, close });
        }
      }
    });
  });
}

/** Runs `tasks` at most `limit` at a time. */
async function inBatches<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await (tasks[i] as () => Promise<T>)();
      }
    }),
  );
  return results;
}

class Generator {
  private readonly clients: Client[] = [];
  private readonly typists: { index: number; doc: Y.Doc; seq: number }[] = [];
  private readonly groups = new Map<
    string,
    {
      receivers: number;
      edits: Map<number, [number, number]>;
      histogram: LatencyHistogram;
      frames: number;
      markers: number;
    }
  >();
  private readonly sent: [number, number, number][] = [];
  private sentTotal = 0;
  private readonly errors: string[] = [];
  private readonly eventLoop = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  /** The measured window in µs since the epoch: edits sent inside it are counted. */
  private windowUs: [number, number] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  private eventLoopDelayMs = { p50: NaN, p99: NaN, max: NaN };

  constructor(private readonly spec: GeneratorSpec) {
    this.eventLoop.enable();
  }

  /** A client lost its connection during the run: its missing deliveries show in the figures. */
  private readonly lost = (why: string) => {
    if (this.errors.length < 20) this.errors.push(why);
  };

  private nowUs(): number {
    return Math.round((clockMs() - this.spec.epochMs) * 1000);
  }

  private group(name: string) {
    let group = this.groups.get(name);
    if (!group) {
      group = { receivers: 0, edits: new Map(), histogram: new LatencyHistogram(), frames: 0, markers: 0 };
      this.groups.set(name, group);
    }
    return group;
  }

  /** A receiver's update handler: times every marker of the window it carries (its own typing aside). */
  private receiver(groupName: string, ownTypist: number): OnUpdate {
    const group = this.group(groupName);
    group.receivers++;
    const [start, end] = [() => this.windowUs[0], () => this.windowUs[1]];
    return (bytes, from) => {
      const now = this.nowUs();
      const windowStart = start();
      const windowEnd = end();
      let markers = 0;
      forEachMarker(
        bytes,
        (typist, seq, sentUs) => {
          if (typist === ownTypist || sentUs < windowStart || sentUs >= windowEnd) return;
          markers++;
          group.histogram.record(now - sentUs);
          const key = typist * 1e6 + seq;
          const seen = group.edits.get(key);
          if (seen) {
            seen[0]++;
            if (now > seen[1]) seen[1] = now;
          } else group.edits.set(key, [1, now]);
        },
        from,
      );
      if (markers > 0) {
        group.frames++;
        group.markers += markers;
      }
    };
  }

  async setup(): Promise<number> {
    const { spec } = this;
    const started = performance.now();
    // Sessions: each account signs in as often as its sockets need (the server allows 20 per session).
    const sessions = new Map<string, { cookie: string | null; used: number }>();
    let typistAccount = 0;
    const cookieFor = async (url: string, role: 'typist' | 'viewer') => {
      if (!spec.signIn) return null;
      const key = `${url} ${role}`;
      const current = sessions.get(key);
      if (current && current.used < SOCKETS_PER_SESSION) {
        current.used++;
        return current.cookie;
      }
      const email =
        role === 'typist'
          ? (spec.typistAccounts[typistAccount++ % spec.typistAccounts.length] as string)
          : spec.viewerAccount;
      const session = { cookie: await signIn(url, email), used: 1 };
      sessions.set(key, session);
      return session.cookie;
    };
    // Cookies first (sign-in is slow on purpose), then sockets.
    const typistCookies: (string | null)[] = [];
    for (const typist of spec.typists) typistCookies.push(await cookieFor(typist.url, 'typist'));
    const viewerCookies: (string | null)[] = [];
    for (const viewer of spec.viewers) viewerCookies.push(await cookieFor(viewer.url, 'viewer'));

    const full = async (url: string, cookie: string | null, onUpdate: OnUpdate): Promise<Client> => {
      const client = connectDocument(url, cookie, spec.documentName, { awareness: false });
      client.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== client.provider) return; // its own typing
        onUpdate(Buffer.from(update.buffer, update.byteOffset, update.byteLength), 0);
      });
      await client.synced;
      let closing = false;
      client.socket.on('close', ({ event }: { event: { code: number } }) => {
        if (!closing) this.lost(`full client closed: ${event?.code}`);
      });
      return {
        full: client,
        close: () => {
          closing = true;
          client.destroy();
        },
      };
    };
    const tasks: (() => Promise<Client>)[] = [
      ...spec.typists.map((typist, i) => async () => {
        const client = await full(typist.url, typistCookies[i] ?? null, this.receiver(typist.group, typist.index));
        this.typists.push({ index: typist.index, doc: (client.full as SyncedClient).doc, seq: 0 });
        return client;
      }),
      ...spec.viewers.map((viewer, i) => async () => {
        const cookie = viewerCookies[i] ?? null;
        const onUpdate = this.receiver(viewer.group, -1);
        if (viewer.full) return full(viewer.url, cookie, onUpdate);
        const light = await lightViewer(viewer.url, cookie, spec.documentName, onUpdate, this.lost);
        return { light: light.socket, close: light.close };
      }),
    ];
    this.clients.push(...(await inBatches(tasks, spec.connectConcurrency)));
    return performance.now() - started;
  }

  /** Types on the shared schedule until the window ends; resolves then. */
  async run(run: RunCommand): Promise<void> {
    const { epochMs } = this.spec;
    const interval = 1000 / run.ratePerSecond;
    const windowStartMs = run.startAtMs + run.warmupMs;
    const endMs = windowStartMs + run.durationMs;
    this.windowUs = [Math.round((windowStartMs - epochMs) * 1000), Math.round((endMs - epochMs) * 1000)];
    // Spread the typists' phases over the interval by their global index (stable across generators).
    const due = this.typists.map((t) => run.startAtMs + ((t.index * 0.618_034) % 1) * interval);
    let windowStarted = false;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = clockMs();
        if (!windowStarted && now >= windowStartMs) {
          windowStarted = true;
          this.eventLoop.reset();
        }
        if (now >= endMs) {
          resolve();
          return;
        }
        let next = endMs;
        for (let i = 0; i < this.typists.length; i++) {
          if ((due[i] as number) <= now) {
            const typist = this.typists[i] as (typeof this.typists)[number];
            const sentUs = Math.round((clockMs() - epochMs) * 1000);
            appendToClause(typist.doc, marker(typist.index, typist.seq, sentUs));
            if (sentUs >= (this.windowUs[0] as number) && sentUs < (this.windowUs[1] as number)) {
              this.sent.push([typist.index, typist.seq, sentUs]);
            }
            typist.seq++;
            this.sentTotal++;
            // A fixed offered load: a late tick catches up rather than dropping edits.
            due[i] = (due[i] as number) + interval;
          }
          next = Math.min(next, due[i] as number);
        }
        setTimeout(tick, Math.max(0, next - clockMs()));
      };
      setTimeout(tick, Math.max(0, run.startAtMs - clockMs()));
    });
    // Node's histogram holds the time between samples: the delay is what exceeds the interval.
    const delay = (ns: number) => +Math.max(0, ns / 1e6 - EVENT_LOOP_RESOLUTION_MS).toFixed(2);
    this.eventLoopDelayMs = {
      p50: delay(this.eventLoop.percentile(50)),
      p99: delay(this.eventLoop.percentile(99)),
      max: delay(this.eventLoop.max),
    };
  }

  report(): GeneratorReport {
    const groups: Record<string, GroupReport> = {};
    for (const [name, group] of this.groups) {
      groups[name] = {
        receivers: group.receivers,
        edits: [...group.edits].map(([key, [count, last]]) => [key, count, last]),
        histogram: group.histogram.toJSON(),
        frames: group.frames,
        markers: group.markers,
      };
    }
    const texts = this.clients.flatMap((c) => {
      if (!c.full) return [];
      const text = clausePlainText(c.full.doc);
      return [{ length: text.length, sha1: crypto.createHash('sha1').update(text).digest('hex') }];
    });
    return {
      id: this.spec.id,
      sent: this.sent,
      sentTotal: this.sentTotal,
      groups,
      eventLoopDelayMs: this.eventLoopDelayMs,
      texts,
      errors: this.errors,
    };
  }

  close(): void {
    for (const client of this.clients) client.close();
  }
}

const send = (message: FromGenerator) => process.send?.(message);
let generator: Generator | null = null;

process.on('message', (message: ToGenerator) => {
  const handle = async () => {
    switch (message.type) {
      case 'clock':
        send({ type: 'clock', n: message.n, t: clockMs() });
        break;
      case 'setup':
        generator = new Generator(message.spec);
        send({ type: 'ready', connectMs: Math.round(await generator.setup()) });
        break;
      case 'run':
        await generator?.run(message.run);
        send({ type: 'typed' });
        break;
      case 'report':
        if (generator) send({ type: 'report', report: generator.report() });
        break;
      case 'close':
        generator?.close();
        setTimeout(() => process.exit(0), 50);
        break;
    }
  };
  handle().catch((error: unknown) => {
    send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  });
});
process.on('disconnect', () => process.exit(0));
send({ type: 'hello' });
