import * as Y from 'yjs';

/** y-protocols sync message types that carry a document update (step 1 carries a state vector). */
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** Whether a `beforeSync` payload is an update a client wants applied. */
export function carriesUpdate(type: number): boolean {
  return type === SYNC_STEP_2 || type === SYNC_UPDATE;
}

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

// Hocuspocus hands every extension's `beforeSync` the same payload array: decode it once.
const decoded = new WeakMap<Uint8Array, DecodedUpdate | null>();

/** The structs of an incoming update, or null when it is not a Yjs update. */
export function decodeIncomingUpdate(update: Uint8Array): DecodedUpdate | null {
  if (decoded.has(update)) return decoded.get(update) ?? null;
  let result: DecodedUpdate | null;
  try {
    result = Y.decodeUpdate(update);
  } catch {
    result = null;
  }
  decoded.set(update, result);
  return result;
}
