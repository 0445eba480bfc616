/** y-protocols sync message types that carry a document update (step 1 carries a state vector). */
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/** Whether a `beforeSync` payload is an update a client wants applied. */
export function carriesUpdate(type: number): boolean {
  return type === SYNC_STEP_2 || type === SYNC_UPDATE;
}
