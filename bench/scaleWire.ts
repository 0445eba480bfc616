/**
 * What bench/scale.ts and its load generators (bench/scaleGenerator.ts) share: a clock that
 * compares across processes, the edit markers, the few Hocuspocus messages a light viewer speaks,
 * and a latency histogram that merges across processes.
 */

/** Milliseconds on a clock shared by the processes of one machine (not `Date.now()`: 1 ms steps). */
export const clockMs = () => performance.timeOrigin + performance.now();

// ── Edit markers ────────────────────────────────────────────────────────────────────────────
// A typist types `[typist.seq.µs]`: its index, the edit's number, and the send time in µs since
// the run's epoch. Receivers find markers in the update bytes (Yjs writes inserted strings as
// UTF-8, and merging updates keeps them whole), so a viewer needs no Y.Doc to time an edit.

export const marker = (typist: number, seq: number, sentUs: number) => `[${typist}.${seq}.${sentUs}]`;

/** Calls `found` for each marker in `bytes`; returns how many there were. */
export function forEachMarker(
  bytes: Buffer,
  found: (typist: number, seq: number, sentUs: number) => void,
  from = 0,
): number {
  let count = 0;
  let i = bytes.indexOf(0x5b, from); // '['
  while (i !== -1) {
    let a = 0;
    let b = 0;
    let c = 0;
    let field = 0;
    let digits = 0;
    let j = i + 1;
    let ok = false;
    for (; j < bytes.length && j < i + 40; j++) {
      const byte = bytes[j] as number;
      if (byte >= 0x30 && byte <= 0x39) {
        const d = byte - 0x30;
        if (field === 0) a = a * 10 + d;
        else if (field === 1) b = b * 10 + d;
        else c = c * 10 + d;
        digits++;
      } else if (byte === 0x2e && digits > 0 && field < 2) {
        field++;
        digits = 0;
      } else {
        ok = byte === 0x5d && digits > 0 && field === 2; // ']'
        break;
      }
    }
    if (ok) {
      found(a, b, c);
      count++;
      i = bytes.indexOf(0x5b, j + 1);
    } else {
      i = bytes.indexOf(0x5b, i + 1);
    }
  }
  return count;
}

// ── Hocuspocus messages (a light viewer's side) ─────────────────────────────────────────────
// Every message: varString document name, varUint message type, then the type's body.

export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3, SyncReply: 4, SyncStatus: 8 };
export const SyncType = { Step1: 0, Step2: 1, Update: 2 };
export const AuthType = { Token: 0, PermissionDenied: 1, Authenticated: 2 };

function writeVarUint(out: number[], value: number): void {
  let n = value;
  while (n > 0x7f) {
    out.push(0x80 | (n & 0x7f));
    n = Math.floor(n / 128);
  }
  out.push(n);
}

function writeVarString(out: number[], text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  writeVarUint(out, bytes.length);
  for (const byte of bytes) out.push(byte);
}

/** Auth with a token (Accord ignores it and reads the session cookie; bare Hocuspocus needs the message). */
export function authMessage(documentName: string, token: string): Uint8Array {
  const out: number[] = [];
  writeVarString(out, documentName);
  writeVarUint(out, MessageType.Auth);
  writeVarUint(out, AuthType.Token);
  writeVarString(out, token);
  return Uint8Array.from(out);
}

/** SyncStep1 with an empty state vector: "send me everything". */
export function syncStep1Message(documentName: string): Uint8Array {
  const out: number[] = [];
  writeVarString(out, documentName);
  writeVarUint(out, MessageType.Sync);
  writeVarUint(out, SyncType.Step1);
  writeVarUint(out, 1); // varUint8Array of length 1: the empty state vector (0 clients)
  out.push(0);
  return Uint8Array.from(out);
}

/** Asks for the awareness states: a light viewer's keep-alive (the server closes idle sockets after 60 s). */
export function queryAwarenessMessage(documentName: string): Uint8Array {
  const out: number[] = [];
  writeVarString(out, documentName);
  writeVarUint(out, MessageType.QueryAwareness);
  return Uint8Array.from(out);
}

export interface MessageHeader {
  /** Where the document name's bytes are (decode with `documentNameOf` when needed). */
  nameAt: number;
  nameLength: number;
  type: number;
  /** For Sync/Auth messages, their sub-type; -1 when the message ends after its type. */
  subType: number;
  bodyAt: number;
}

/** Reads the start of a message: document name position, type, sub-type, where the body starts. */
export function readHeader(bytes: Uint8Array): MessageHeader | null {
  let pos = 0;
  const readVarUint = () => {
    let value = 0;
    for (let shift = 0; pos < bytes.length; shift += 7) {
      const byte = bytes[pos++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    throw new Error('truncated varUint');
  };
  try {
    const nameLength = readVarUint();
    const nameAt = pos;
    pos += nameLength;
    const type = readVarUint();
    const subType = pos < bytes.length ? readVarUint() : -1;
    return { nameAt, nameLength, type, subType, bodyAt: pos };
  } catch {
    return null;
  }
}

// ── Latency histogram ───────────────────────────────────────────────────────────────────────

const BUCKET_US = 50;
const BUCKETS = 200_000; // 10 s

/** Latencies in 50 µs buckets up to 10 s (beyond: the last bucket); merges across processes. */
export class LatencyHistogram {
  counts = new Uint32Array(BUCKETS);
  n = 0;
  max = 0;

  record(us: number): void {
    const index = Math.min(BUCKETS - 1, Math.max(0, Math.floor(us / BUCKET_US)));
    this.counts[index] = (this.counts[index] as number) + 1;
    this.n++;
    if (us > this.max) this.max = us;
  }

  /** Sparse form for IPC: [bucket, count] pairs. */
  toJSON(): { buckets: [number, number][]; n: number; max: number } {
    const buckets: [number, number][] = [];
    for (let i = 0; i < BUCKETS; i++) if (this.counts[i]) buckets.push([i, this.counts[i] as number]);
    return { buckets, n: this.n, max: this.max };
  }

  add(other: { buckets: [number, number][]; n: number; max: number }): void {
    for (const [i, count] of other.buckets) this.counts[i] = (this.counts[i] as number) + count;
    this.n += other.n;
    this.max = Math.max(this.max, other.max);
  }

  /** The p-th percentile in ms (nearest rank, bucket middle); NaN when empty. */
  percentileMs(p: number): number {
    if (this.n === 0) return NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.n));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] as number;
      if (seen >= rank) return i === BUCKETS - 1 ? this.max / 1000 : ((i + 0.5) * BUCKET_US) / 1000;
    }
    return this.max / 1000;
  }
}

/** The document name of a message whose header `readHeader` read. */
export function documentNameOf(bytes: Uint8Array, header: MessageHeader): string {
  return new TextDecoder().decode(bytes.subarray(header.nameAt, header.nameAt + header.nameLength));
}
