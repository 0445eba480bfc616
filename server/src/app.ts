import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hocuspocus } from '@hocuspocus/server';
import compression from 'compression';
import express from 'express';
import session from 'express-session';
import { authRoutes, configurePassport } from './auth/authRoutes.ts';
import { MemoryLoginThrottle } from './auth/LoginThrottle.ts';
import { RedisLoginThrottle } from './auth/RedisLoginThrottle.ts';
import { StorageSessionStore } from './auth/SessionStore.ts';
import { createSignInThrottles } from './auth/signInThrottles.ts';
import { type ClusterBus, LocalBus, RedisBus } from './cluster/ClusterBus.ts';
import type { ScaleOut } from './cluster/scaleOut.ts';
import { ClauseDocuments } from './collab/ClauseDocuments.ts';
import { createCollabUpgrade } from './collab/collabUpgrade.ts';
import type { CollabContext } from './collab/context.ts';
import { createCollabServer } from './collab/createCollabServer.ts';
import { ThreadService } from './comments/ThreadService.ts';
import type { Config } from './config.ts';
import { consultationRoutes } from './http/consultationRoutes.ts';
import { apiNotFound, errorHandler } from './http/errors.ts';
import { notificationRoutes } from './http/notificationRoutes.ts';
import { precompressedAssets } from './http/precompressedAssets.ts';
import { roundRoutes } from './http/roundRoutes.ts';
import { securityHeaders } from './http/securityHeaders.ts';
import { threadRoutes } from './http/threadRoutes.ts';
import { translationRoutes } from './http/translationRoutes.ts';
import { versionRoutes } from './http/versionRoutes.ts';
import { visitRoutes } from './http/visitRoutes.ts';
import { voteRoutes } from './http/voteRoutes.ts';
import { type Mailer, SmtpMailer } from './notifications/Mailer.ts';
import { MailOutbox } from './notifications/MailOutbox.ts';
import { NotificationClock } from './notifications/NotificationClock.ts';
import { NotificationService } from './notifications/NotificationService.ts';
import { BusRealtimeEvents } from './realtime/RealtimeEvents.ts';
import { RoundCache } from './rounds/RoundCache.ts';
import { RoundClock } from './rounds/RoundClock.ts';
import { RoundService } from './rounds/RoundService.ts';
import type { Storage } from './storage/Storage.ts';
import { TranslationService } from './translations/TranslationService.ts';
import { VersionService } from './versions/VersionService.ts';
import { VisitService } from './visits/VisitService.ts';
import { VoteClock } from './votes/VoteClock.ts';
import { VoteService } from './votes/VoteService.ts';

export interface AppDeps {
  config: Pick<Config, 'sessionSecret' | 'allowedOrigins' | 'cookieSecure' | 'maxMessageBytes'> &
    Partial<Pick<Config, 'trustProxy' | 'mail'>>;
  storage: Storage;
  /** Folder of the built client; unset: the default build output, served when present. */
  clientDist?: string;
  /**
   * Scale-out (`connectScaleOut`): documents, realtime events, sign-outs and rate limits cross
   * instances through Redis. The caller closes its Redis client. Null: one process.
   */
  scaleOut?: ScaleOut | null;
  /** New threads and replies one person may post per 10 minutes (default 300). */
  postingLimit?: number;
  /**
   * The server's clock (epoch ms) for everything that depends on time: rounds moving on their
   * dates, votes closing, timestamps of comments, audit entries… Tests move it; default Date.now.
   */
  now?: () => number;
}

const POSTING_WINDOW_MS = 10 * 60 * 1000;

export interface App {
  server: http.Server;
  hocuspocus: Hocuspocus<CollabContext>;
  /** Moves consultation rounds on their dates: tests that move `now` run it with `runOnce()`. */
  roundClock: RoundClock;
  /** Announces rounds opening and closing soon: tests that move `now` run it with `runOnce()`. */
  notificationClock: NotificationClock;
  /** Queues daily digests and sends the mail outbox (null without `config.mail`): `runOnce()` in tests. */
  mailOutbox: MailOutbox | null;
  /** Closes sync connections and the HTTP server; the caller closes storage. */
  close(): Promise<void>;
}

const DEFAULT_CLIENT_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../client/dist');
const SESSION_MAX_AGE = 14 * 24 * 60 * 60 * 1000;

/** Builds the whole server without listening: tests give it their own storage and port 0. */
export function createApp(deps: AppDeps): App {
  const { config, storage } = deps;
  const now = deps.now ?? Date.now;
  const app = express();
  app.disable('x-powered-by');
  // Whose X-Forwarded-For to believe: sign-in throttling counts by the client's address.
  app.set('trust proxy', config.trustProxy ?? 'loopback');
  app.use(securityHeaders);
  // Delegates join over thin connections: compress text responses (the client's JS shrinks ~3x).
  app.use(compression());

  const sessionMiddleware = session({
    name: 'accord.sid',
    secret: config.sessionSecret,
    store: new StorageSessionStore(storage),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, maxAge: SESSION_MAX_AGE },
  });
  const passport = configurePassport(storage);
  const redis = deps.scaleOut?.redis ?? null;
  const bus: ClusterBus = redis ? new RedisBus(redis) : new LocalBus();
  // Each consultation's rounds in memory for the check of every clause update (see RoundExtension).
  const roundCache = new RoundCache({ storage, now });
  const hocuspocus = createCollabServer({
    storage,
    rounds: roundCache,
    scaleOut: deps.scaleOut?.collabExtension ?? null,
    // Called only once the sync server runs, after `translations` below exists.
    onClauseTextChanged: (consultationId, clauseId) => void translations.clauseTextChanged(consultationId, clauseId),
  });
  const collab = createCollabUpgrade({
    hocuspocus,
    storage,
    session: sessionMiddleware,
    allowedOrigins: config.allowedOrigins,
    maxMessageBytes: config.maxMessageBytes,
  });

  const realtime = new BusRealtimeEvents(bus, hocuspocus);
  const documents = new ClauseDocuments(hocuspocus, storage);
  // A round created or changed on any instance: every instance reads that consultation's rounds again.
  bus.subscribe('realtime', (payload) => {
    const { consultationId, event } = JSON.parse(payload) as { consultationId: string; event: { type: string } };
    if (event.type === 'rounds.changed') roundCache.invalidate(consultationId);
  });
  const rounds = new RoundService({
    storage,
    realtime,
    now,
    onRoundsChanged: (consultationId) => {
      roundCache.invalidate(consultationId);
      roundClock.poke();
      notificationClock.poke();
    },
  });
  const roundClock = new RoundClock({ storage, rounds, now });
  roundClock.start();
  const mailConfig = config.mail ?? null;
  const mailer: Mailer | null = mailConfig ? new SmtpMailer(mailConfig.smtpUrl, mailConfig.from) : null;
  const notifications = new NotificationService({
    storage,
    realtime,
    now,
    mail: mailConfig && { publicUrl: mailConfig.publicUrl, digestHourUtc: mailConfig.digestHourUtc },
    onMailQueued: () => mailOutbox?.poke(),
  });
  const notify = notifications.notify;
  const notificationClock = new NotificationClock({ storage, notifications, now });
  notificationClock.start();
  const mailOutbox = mailer
    ? new MailOutbox({ storage, mailer, queueDigests: () => notifications.queueDueDigests(), now })
    : null;
  mailOutbox?.start();
  const threads = new ThreadService({ storage, documents, realtime, now, rounds, notify });
  const versions = new VersionService({ storage, documents, threads, realtime, now, rounds });
  const visits = new VisitService({ storage, documents, now });
  const translations = new TranslationService({ storage, documents, realtime, rounds, now });
  const votes = new VoteService({ storage, realtime, now, notify, onTimedVoteOpened: () => voteClock.poke() });
  const voteClock = new VoteClock({ storage, votes, now });
  voteClock.start();
  // Signing out on one instance ends that session's sockets on all of them.
  bus.subscribe('signOut', (sessionId) => collab.closeSession(sessionId));

  const api = express.Router();
  api.use(express.json({ limit: '256kb' }));
  api.use(sessionMiddleware, passport.initialize(), passport.session());
  api.get('/health', (_req, res) => {
    res.json({ ok: true });
  });
  api.use(
    authRoutes({
      storage,
      passport,
      throttles: createSignInThrottles(redis),
      onSignOut: (sessionId) => bus.publish('signOut', sessionId),
    }),
  );
  api.use(consultationRoutes({ storage, rounds }));
  const postingLimit = deps.postingLimit ?? 300;
  api.use(
    threadRoutes({
      threads,
      postingLimit: redis
        ? new RedisLoginThrottle(redis, 'accord:posting', postingLimit, POSTING_WINDOW_MS)
        : new MemoryLoginThrottle(postingLimit, POSTING_WINDOW_MS),
    }),
  );
  api.use(voteRoutes({ votes, now }));
  api.use(roundRoutes({ rounds, now }));
  api.use(versionRoutes({ versions }));
  api.use(visitRoutes({ visits }));
  api.use(translationRoutes({ translations }));
  api.use(notificationRoutes({ notifications }));
  api.use(apiNotFound);
  app.use('/api', api);

  const clientDist = deps.clientDist ?? DEFAULT_CLIENT_DIST;
  if (fs.existsSync(path.join(clientDist, 'index.html'))) {
    // Vite names built assets by content hash: a browser may keep them for ever. The app shell
    // is revalidated on each visit, so a new build reaches everyone on their next load.
    app.use('/assets', precompressedAssets(path.join(clientDist, 'assets')));
    app.use(
      '/assets',
      express.static(path.join(clientDist, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
    );
    app.use(express.static(clientDist, { index: false }));
    // The client routes in the browser: every other GET gets the app shell.
    app.get(/.*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(clientDist, 'index.html'));
    });
  } else {
    app.get('/', (_req, res) => {
      res.type('text').send('Accord API is running; the client is not built (pnpm --filter @accord/client build).');
    });
  }
  app.use(errorHandler);

  const server = http.createServer(app);

  // Expired sessions are refused on read; this only keeps the table from growing for ever.
  const pruneSessions = () => {
    storage.pruneSessions(Date.now()).catch((error: unknown) => console.error('pruning sessions failed', error));
  };
  pruneSessions();
  const pruning = setInterval(pruneSessions, 60 * 60 * 1000);
  pruning.unref();
  server.on('upgrade', collab.handleUpgrade);

  return {
    server,
    hocuspocus,
    roundClock,
    notificationClock,
    mailOutbox,
    async close() {
      clearInterval(pruning);
      await voteClock.stop();
      await roundClock.stop();
      await notificationClock.stop();
      await mailOutbox?.stop();
      mailer?.close();
      // Every edit is already in the log; flushing only compacts before exit.
      hocuspocus.flushPendingStores();
      hocuspocus.closeConnections();
      // Upgraded sockets are not the HTTP server's any more: close them ourselves.
      collab.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await bus.close();
      // The Redis extension's own connections (duplicated from ours) keep Node alive otherwise.
      if (redis) await hocuspocus.hooks('onDestroy', { instance: hocuspocus });
    },
  };
}
