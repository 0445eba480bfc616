import { ADMIN_URL, postgresUnreachableBecause } from './postgres.ts';
import { REDIS_TEST_URL, redisUnreachableBecause } from './redis.ts';

/** The servers some suites need besides Accord itself. */
export type Service = 'postgres' | 'redis';

/** Why each service is unusable (null when it answers), and how to provide it. */
const probes: Record<Service, () => Promise<string | null>> = {
  async postgres() {
    const reason = await postgresUnreachableBecause();
    return reason === null
      ? null
      : `PostgreSQL is not reachable at ${redact(ADMIN_URL)} (${reason}); start one, or point DATABASE_TEST_URL at one`;
  },
  async redis() {
    const reason = await redisUnreachableBecause();
    return reason === null
      ? null
      : `Redis is not reachable at ${redact(REDIS_TEST_URL)} (${reason}); start redis-server, or set REDIS_URL`;
  },
};

/**
 * Whether a suite that needs `services` skips. Under CI=true it never skips for them (so a
 * missing service fails there, loudly); elsewhere it skips when one does not answer, and prints
 * one warning naming `suite` and why. `missingEvenUnderCi` lists other things the suite lacks
 * (e.g. a binary CI may not have): any one skips it everywhere, named in the same warning.
 */
export async function skipUnlessServices(
  services: readonly Service[],
  suite: string,
  opts: { missingEvenUnderCi?: readonly string[] } = {},
): Promise<boolean> {
  const underCi = process.env.CI === 'true';
  const alsoMissing = opts.missingEvenUnderCi ?? [];
  if (underCi && alsoMissing.length === 0) return false;
  const unreachable = (await Promise.all(services.map((service) => probes[service]()))).filter(
    (reason) => reason !== null,
  );
  const skip = alsoMissing.length > 0 || (unreachable.length > 0 && !underCi);
  if (skip) {
    const ciRunsThem = alsoMissing.length === 0 ? ' (with CI=true these tests run, and fail, instead)' : '';
    console.warn(`SKIPPED ${suite}: ${[...alsoMissing, ...unreachable].join('; ')}${ciRunsThem}`);
  }
  return skip;
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}
