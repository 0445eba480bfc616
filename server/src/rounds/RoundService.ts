import { randomUUID } from 'node:crypto';
import {
  type CreateRoundInput,
  currentRound,
  effectiveRoundState,
  type Round,
  type RoundListResponse,
  type UpdateRoundRequest,
} from '@accord/shared';
import { requireAllowed, requireReadableConsultation } from '../auth/policy.ts';
import type { Acting } from '../comments/ThreadService.ts';
import { conflict, HttpError, notFound } from '../http/errors.ts';
import type { RealtimeEvents } from '../realtime/RealtimeEvents.ts';
import type { AuditRecord, RoundPatch, Storage } from '../storage/Storage.ts';

export interface RoundServiceDeps {
  storage: Storage;
  realtime: RealtimeEvents;
  now?: () => number;
  /**
   * Told when a consultation's rounds were created or changed here (by the secretariat or the
   * clock), before the pages are: this instance's round cache and clock catch up at once (other
   * instances on the `rounds.changed` event).
   */
  onRoundsChanged?: (consultationId: string) => void;
}

/** A round with its effective state at `now`. */
const effective = (round: Round, now: number): Round => ({ ...round, state: effectiveRoundState(round, now) });

/**
 * Consultation rounds. The secretariat creates and changes them (`round.manage`); everyone who
 * may read the consultation lists them. Reads apply the dates (`effectiveRoundState`), so what
 * they answer never depends on the clock having run; `moveOnDates` (called by `RoundClock`)
 * stores the automatic transitions, once, with their audit entry, and tells the pages.
 */
export class RoundService {
  private readonly now: () => number;

  constructor(private readonly deps: RoundServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  async list({ actor }: Acting, consultationId: string): Promise<RoundListResponse> {
    await requireReadableConsultation(this.deps.storage, actor, consultationId);
    const rounds = await this.deps.storage.listRounds(consultationId);
    const now = this.now();
    return { rounds: rounds.map((r) => effective(r, now)), current: currentRound(rounds, now), serverNow: now };
  }

  /** The consultation's current round in its effective state now, read from the store; null: none. */
  async current(consultationId: string): Promise<Round | null> {
    return currentRound(await this.deps.storage.listRounds(consultationId), this.now());
  }

  async create({ actor }: Acting, consultationId: string, input: CreateRoundInput): Promise<Round> {
    await requireReadableConsultation(this.deps.storage, actor, consultationId);
    requireAllowed(actor, 'round.manage', { consultationId });
    const at = this.now();
    const round: Round = {
      id: randomUUID(),
      consultationId,
      title: input.title,
      opensAt: input.opensAt,
      closesAt: input.closesAt,
      state: input.state,
      createdBy: actor.personId,
      createdAt: at,
      updatedAt: at,
    };
    const audit = this.audit(actor.personId, round, 'round.create', null, {
      title: round.title,
      opensAt: round.opensAt,
      closesAt: round.closesAt,
      state: round.state,
    });
    await this.deps.storage.createRound(round, audit);
    this.changed(consultationId);
    return effective(round, at);
  }

  async update({ actor }: Acting, consultationId: string, roundId: string, input: UpdateRoundRequest): Promise<Round> {
    await requireReadableConsultation(this.deps.storage, actor, consultationId);
    requireAllowed(actor, 'round.manage', { consultationId });
    // The clock may move the round between our read and our write: read again and retry then.
    for (let attempt = 0; attempt < 3; attempt++) {
      const round = await this.deps.storage.getRound(roundId);
      if (round === null || round.consultationId !== consultationId) throw notFound('Round');
      const opensAt = input.opensAt ?? round.opensAt;
      const closesAt = input.closesAt ?? round.closesAt;
      if (opensAt >= closesAt)
        throw new HttpError(400, 'invalid_input', 'closesAt: the round must open before it closes');
      const patch: RoundPatch = { updatedAt: this.now() };
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const key of ['title', 'opensAt', 'closesAt', 'state'] as const) {
        const value = input[key];
        if (value === undefined || JSON.stringify(value) === JSON.stringify(round[key])) continue;
        Object.assign(patch, { [key]: value });
        before[key] = round[key];
        after[key] = value;
      }
      if (Object.keys(after).length === 0) return effective(round, this.now());
      const audit = this.audit(actor.personId, round, 'round.update', null, { before, after });
      const written = await this.deps.storage.updateRound(roundId, patch, audit, round.state);
      if (written !== null) {
        this.changed(consultationId);
        return effective(written, this.now());
      }
    }
    throw conflict('The round changed meanwhile: try again.');
  }

  /**
   * Stores the transition a round's dates call for (drafting → open at `opensAt`, drafting or
   * open → consolidation at `closesAt`), if any, conditionally on the state it read: of several
   * instances doing it at once, one writes (with one audit entry). True if this call wrote.
   */
  async moveOnDates(round: Round): Promise<boolean> {
    const to = effectiveRoundState(round, this.now());
    if (to === round.state) return false;
    const audit = this.audit(round.createdBy, round, 'round.transition', 'Moved on its date', {
      from: round.state,
      to,
    });
    const written = await this.deps.storage.updateRound(
      round.id,
      { state: to, updatedAt: this.now() },
      audit,
      round.state,
    );
    if (written === null) return false;
    this.changed(round.consultationId);
    return true;
  }

  private audit(
    actorId: string,
    round: Round,
    action: AuditRecord['action'],
    reason: string | null,
    detail: Record<string, unknown>,
  ): AuditRecord {
    return {
      consultationId: round.consultationId,
      actorId,
      action,
      target: `round:${round.id}`,
      reason,
      detail,
      at: this.now(),
    };
  }

  private changed(consultationId: string): void {
    this.deps.onRoundsChanged?.(consultationId);
    this.deps.realtime.publish(consultationId, { type: 'rounds.changed' });
  }
}
