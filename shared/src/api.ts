import { z } from 'zod';
import type { Consultation, Framework, LocalizedText, Person, Stakeholder } from './model.ts';
import type { Action } from './permissions.ts';

/** Request bodies, validated by the server, typed for the client. */
export const signInRequestSchema = z.object({
  email: z.string().trim().min(1, 'Email is required').max(320),
  password: z.string().min(1, 'Password is required').max(1024),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

/** Every error the API sends: a machine code and a human message. */
export interface ApiError {
  error: { code: string; message: string };
}

export interface SessionResponse {
  person: Person;
  stakeholder: Stakeholder | null;
}

export interface ConsultationSummary extends Consultation {
  clauseCount: number;
}

export interface ConsultationResponse {
  consultation: Consultation;
  framework: Framework;
  stakeholders: Stakeholder[];
  /**
   * Plain text of every clause, by clause id, as of its last save (at most ~10 s old): shown
   * until the clause's live editor has synced. The live Yjs document is the truth.
   */
  clauseTexts: Record<string, LocalizedText>;
  /** What the signed-in person may do here; the UI mirrors, the server decides. */
  capabilities: Record<Action, boolean>;
}

/** The presence (awareness) user field, always stamped by the server from the session. */
export interface PresenceUser {
  personId: string;
  name: string;
  role: Person['role'];
  stakeholderId: string | null;
  stakeholderName: string | null;
}

/** Path of the WebSocket endpoint that serves Yjs sync. */
export const COLLAB_PATH = '/collab';
