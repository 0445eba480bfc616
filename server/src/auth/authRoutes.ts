import { type SessionResponse, signInRequestSchema } from '@accord/shared';
import { Router } from 'express';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { HttpError, invalidInput } from '../http/errors.ts';
import type { Storage } from '../storage/Storage.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { requirePerson } from './sessionActor.ts';
import { attemptAll, type SignInThrottles } from './signInThrottles.ts';

/** Passport: a local strategy over Storage; the session holds only the person id. */
export function configurePassport(storage: Storage): passport.PassportStatic {
  const instance = new passport.Passport() as unknown as passport.PassportStatic;
  instance.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password' }, (email, password, done) => {
      (async () => {
        const person = await storage.findPersonByEmail(email);
        const ok = await verifyPassword(person?.passwordHash ?? (await dummyPasswordHash()), password);
        if (!person || !ok) return done(null, false);
        const { passwordHash: _omit, ...publicPerson } = person;
        return done(null, publicPerson);
      })().catch(done);
    }),
  );
  instance.serializeUser((person, done) => done(null, person.id));
  instance.deserializeUser((id: string, done) => {
    storage.getPerson(id).then((person) => done(null, person ?? false), done);
  });
  return instance;
}

export type { SignInThrottles };

export interface AuthRoutesDeps {
  storage: Storage;
  passport: passport.PassportStatic;
  throttles: SignInThrottles;
  /** Called with the id of a session that signed out, to end its live connections. */
  onSignOut(sessionID: string): void;
}

export function authRoutes(deps: AuthRoutesDeps): Router {
  const router = Router();

  const sessionResponse = async (person: Express.User): Promise<SessionResponse> => ({
    person,
    stakeholder: person.stakeholderId ? await deps.storage.getStakeholder(person.stakeholderId) : null,
  });

  router.get('/session', async (req, res) => {
    res.json(await sessionResponse(requirePerson(req)));
  });

  router.post('/session', async (req, res, next) => {
    const body = signInRequestSchema.safeParse(req.body);
    if (!body.success) throw invalidInput(body.error);
    const email = [body.data.email.toLowerCase()];
    const address = [req.ip ?? 'unknown'];
    const emailAndAddress = [`${email[0]} ${address[0]}`];
    const { perEmailAndAddress, perEmail, perAddress } = deps.throttles;
    // Counted before the (slow) password check, so concurrent guesses all count; each throttle
    // checks and counts in one step (shared by all instances with Redis).
    const attempt = await attemptAll([
      [perEmailAndAddress, emailAndAddress],
      [perEmail, email],
      [perAddress, address],
    ]);
    if (!attempt.allowed) {
      const wait = attempt.retryAfterSeconds;
      res.setHeader('Retry-After', String(wait));
      throw new HttpError(
        429,
        'too_many_attempts',
        `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minutes.`,
      );
    }
    deps.passport.authenticate('local', { session: false }, (err: unknown, person: Express.User | false) => {
      if (err) {
        // Not a wrong password: uncounted, and the original error is the one reported.
        attempt.takeBack().then(
          () => next(err),
          (takeBackError: unknown) => {
            console.error('sign-in throttle: could not take back an attempt', takeBackError);
            next(err);
          },
        );
        return;
      }
      if (!person) return next(new HttpError(401, 'invalid_credentials', 'Wrong email or password.'));
      // The right password: uncounted, and this client's failures on the account forgotten. Should
      // the store fail here, the person still signs in (the counts expire with the window).
      Promise.all([attempt.takeBack(), perEmailAndAddress.reset(emailAndAddress)])
        .catch((error: unknown) => console.error('sign-in throttle: could not take back an attempt', error))
        .then(() => {
          // passport 0.7 regenerates the session on logIn: no fixation across sign-in.
          req.logIn(person, (loginErr) => {
            if (loginErr) return next(loginErr);
            sessionResponse(person).then((body) => res.json(body), next);
          });
        })
        .catch(next);
    })(req, res, next);
  });

  router.delete('/session', (req, res, next) => {
    const signedOut = req.sessionID;
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy((destroyErr) => {
        if (destroyErr) return next(destroyErr);
        deps.onSignOut(signedOut);
        res.clearCookie('accord.sid');
        res.status(204).end();
      });
    });
  });

  return router;
}
