import { currentRound, type Round } from '@accord/shared';
import type { Storage } from '../storage/Storage.ts';

/** How long a consultation's rounds are trusted without hearing of a change (a missed bus message). */
const FRESH_MS = 30_000;

interface Entry {
  rounds: Round[];
  loadedAt: number;
}

/**
 * Each consultation's rounds, kept in memory for the checks that must stay cheap (every clause
 * update a writer sends): at most one read per consultation per 30 s, and again at once after
 * `invalidate` (a `rounds.changed` event, from any instance). The effective state is computed
 * at each call from the dates, so a round moving on its date needs no reload.
 */
export class RoundCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Round[]>>();
  /** Bumped by `invalidate`: a load that started before it is not kept. */
  private readonly generations = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly deps: { storage: Storage; now?: () => number }) {
    this.now = deps.now ?? Date.now;
  }

  /** The consultation's current round in its effective state now; null: none (no round rule). */
  async current(consultationId: string): Promise<Round | null> {
    return currentRound(await this.rounds(consultationId), this.now());
  }

  invalidate(consultationId: string): void {
    this.entries.delete(consultationId);
    this.loading.delete(consultationId);
    this.generations.set(consultationId, (this.generations.get(consultationId) ?? 0) + 1);
  }

  private async rounds(consultationId: string): Promise<Round[]> {
    const entry = this.entries.get(consultationId);
    // Wall time for freshness: the injectable clock moves rounds, not the cache's age.
    if (entry && Date.now() - entry.loadedAt < FRESH_MS) return entry.rounds;
    const pending = this.loading.get(consultationId);
    if (pending) return pending;
    const generation = this.generations.get(consultationId) ?? 0;
    const load = this.deps.storage.listRounds(consultationId).then(
      (rounds) => {
        if ((this.generations.get(consultationId) ?? 0) === generation) {
          this.entries.set(consultationId, { rounds, loadedAt: Date.now() });
          this.loading.delete(consultationId);
        }
        return rounds;
      },
      (error: unknown) => {
        if (this.loading.get(consultationId) === load) this.loading.delete(consultationId);
        throw error;
      },
    );
    this.loading.set(consultationId, load);
    return load;
  }
}
