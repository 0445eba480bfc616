import { LANGUAGES, type Language } from './model.ts';
import type {
  ClauseComparison,
  ClauseSnapshot,
  Comparison,
  ComparisonSummary,
  DiffPart,
  FrameworkSnapshot,
} from './versions.ts';

/**
 * Comparing two snapshots of the framework: a word diff of each clause's text in each
 * language, and which clauses were added, removed, changed, moved or renumbered.
 * Pure functions, no dependencies.
 */

/*
 * One token, tried in this order:
 * - a Han ideograph (with any combining marks or variation selectors after it): Chinese has no
 *   spaces between words, so each character is compared on its own;
 * - a run of letters and digits of any other script, with their combining marks ("benefit",
 *   "2030", "café", "e\u0301", a Thai phrase);
 * - a run of whitespace;
 * - any other single code point (punctuation, symbols, emoji) with its combining marks and any
 *   zero-width-joined continuation, so an emoji sequence is not cut in two.
 * The last alternative matches anything (even a lone surrogate), so the tokens cover the text.
 */
const TOKEN =
  /\p{Script=Han}\p{M}*|(?:(?!\p{Script=Han})[\p{L}\p{N}]\p{M}*)+|\s+|[\s\S]\p{M}*(?:\u200D(?!\s)[\s\S]\p{M}*)*/gu;

/** Splits a text into diff tokens; `tokenize(text).join('') === text`. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export interface DiffWordsOptions {
  /**
   * Fold a whitespace-only unchanged run that sits between two changes into the change, when
   * the result is a replacement (something deleted and something inserted): "~~sharing and
   * mutual~~ access and benefit" reads better than alternating single words around each kept
   * space. Default true. With false the diff is minimal in tokens.
   */
  foldWhitespace?: boolean;
}

/**
 * Above this much work (edit distance × tokens) in one bisection, the diff of that stretch gives
 * up on being minimal and reports it as deleted and inserted whole. Never reached by texts of a
 * few thousand characters (3,000 + 3,000 completely different tokens is 18 million).
 */
const WORK_BUDGET = 50_000_000;

type Op = DiffPart['op'];

/**
 * Word-level diff of `from` into `to`: runs of kept, deleted and inserted text. Adjacent runs
 * never share an op, no run is empty, and where text was replaced the deletion comes before the
 * insertion. Joining the `same` and `delete` runs gives `from`; the `same` and `insert` runs, `to`.
 */
export function diffWords(from: string, to: string, options: DiffWordsOptions = {}): DiffPart[] {
  if (from === to) return from === '' ? [] : [{ op: 'same', text: from }];
  const a = tokenize(from);
  const b = tokenize(to);
  const ids = new Map<string, number>();
  const encode = (tokens: string[]) => {
    const out = new Int32Array(tokens.length);
    tokens.forEach((token, i) => {
      let id = ids.get(token);
      if (id === undefined) {
        id = ids.size;
        ids.set(token, id);
      }
      out[i] = id;
    });
    return out;
  };
  const parts = new PartsBuilder();
  diffRange(encode(a), 0, a.length, encode(b), 0, b.length, (op, lo, hi) => {
    parts.push(op, (op === 'insert' ? b : a).slice(lo, hi).join(''));
  });
  const result = parts.finish();
  return options.foldWhitespace === false ? result : foldWhitespace(result);
}

type Emit = (op: Op, lo: number, hi: number) => void;

/** Diffs a[aLo, aHi) into b[bLo, bHi), emitting token ranges in order (a's for same/delete, b's for insert). */
function diffRange(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number, emit: Emit) {
  let prefix = 0;
  while (aLo + prefix < aHi && bLo + prefix < bHi && a[aLo + prefix] === b[bLo + prefix]) prefix++;
  if (prefix > 0) emit('same', aLo, aLo + prefix);
  aLo += prefix;
  bLo += prefix;
  let suffix = 0;
  while (aHi - suffix > aLo && bHi - suffix > bLo && a[aHi - suffix - 1] === b[bHi - suffix - 1]) suffix++;
  aHi -= suffix;
  bHi -= suffix;

  if (aLo === aHi) {
    if (bLo < bHi) emit('insert', bLo, bHi);
  } else if (bLo === bHi) {
    emit('delete', aLo, aHi);
  } else {
    const split = middleSnake(a, aLo, aHi, b, bLo, bHi);
    if (split === null) {
      emit('delete', aLo, aHi);
      emit('insert', bLo, bHi);
    } else {
      diffRange(a, aLo, split[0], b, bLo, split[1], emit);
      diffRange(a, split[0], aHi, b, split[1], bHi, emit);
    }
  }
  if (suffix > 0) emit('same', aHi, aHi + suffix);
}

/**
 * Myers' linear-space bisection ("An O(ND) difference algorithm", §4b): runs the greedy search
 * from both ends until the paths meet and returns a point on a shortest edit path, as absolute
 * indices [x in a, y in b]. Null when the two ranges share nothing or the work budget ran out.
 * Expects both ranges non-empty with no common prefix or suffix.
 */
function middleSnake(
  a: Int32Array,
  aLo: number,
  aHi: number,
  b: Int32Array,
  bLo: number,
  bHi: number,
): [number, number] | null {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const maxD = Math.ceil((n + m) / 2);
  const offset = maxD + 1;
  const size = 2 * maxD + 3;
  // v1[k]: furthest x reached on diagonal k going forward; v2[k]: the same going backward (from the ends).
  const v1 = new Int32Array(size).fill(-1);
  const v2 = new Int32Array(size).fill(-1);
  v1[offset + 1] = 0;
  v2[offset + 1] = 0;
  const delta = n - m;
  const front = delta % 2 !== 0;
  // Diagonals that ran off the grid are skipped in later rounds.
  let k1start = 0;
  let k1end = 0;
  let k2start = 0;
  let k2end = 0;
  for (let d = 0; d < maxD; d++) {
    if (d * (n + m) > WORK_BUDGET) return null;
    for (let k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
      const i = offset + k1;
      let x1 = k1 === -d || (k1 !== d && v1[i - 1]! < v1[i + 1]!) ? v1[i + 1]! : v1[i - 1]! + 1;
      let y1 = x1 - k1;
      while (x1 < n && y1 < m && a[aLo + x1] === b[bLo + y1]) {
        x1++;
        y1++;
      }
      v1[i] = x1;
      if (x1 > n) k1end += 2;
      else if (y1 > m) k1start += 2;
      else if (front) {
        const j = offset + delta - k1;
        if (j >= 0 && j < size && v2[j] !== -1 && x1 >= n - v2[j]!) return [aLo + x1, bLo + y1];
      }
    }
    for (let k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
      const i = offset + k2;
      let x2 = k2 === -d || (k2 !== d && v2[i - 1]! < v2[i + 1]!) ? v2[i + 1]! : v2[i - 1]! + 1;
      let y2 = x2 - k2;
      while (x2 < n && y2 < m && a[aHi - x2 - 1] === b[bHi - y2 - 1]) {
        x2++;
        y2++;
      }
      v2[i] = x2;
      if (x2 > n) k2end += 2;
      else if (y2 > m) k2start += 2;
      else if (!front) {
        const j = offset + delta - k2;
        if (j >= 0 && j < size && v1[j] !== -1) {
          const x1 = v1[j]!;
          const y1 = x1 - (j - offset);
          if (x1 >= n - x2) return [aLo + x1, bLo + y1];
        }
      }
    }
  }
  return null;
}

/** Collects emitted runs: merges runs of one op, puts each change's deletion before its insertion. */
class PartsBuilder {
  private parts: DiffPart[] = [];
  private deleted = '';
  private inserted = '';

  push(op: Op, text: string) {
    if (text === '') return;
    if (op === 'delete') this.deleted += text;
    else if (op === 'insert') this.inserted += text;
    else {
      this.flush();
      const last = this.parts.at(-1);
      if (last?.op === 'same') last.text += text;
      else this.parts.push({ op: 'same', text });
    }
  }

  finish(): DiffPart[] {
    this.flush();
    return this.parts;
  }

  private flush() {
    if (this.deleted) this.parts.push({ op: 'delete', text: this.deleted });
    if (this.inserted) this.parts.push({ op: 'insert', text: this.inserted });
    this.deleted = '';
    this.inserted = '';
  }
}

const WHITESPACE = /^\s+$/u;

/** See `DiffWordsOptions.foldWhitespace`. */
function foldWhitespace(parts: DiffPart[]): DiffPart[] {
  type Item = { same: string } | { deleted: string; inserted: string };
  const items: Item[] = [];
  for (const part of parts) {
    const last = items.at(-1);
    if (part.op === 'same') items.push({ same: part.text });
    else if (last && !('same' in last)) {
      if (part.op === 'delete') last.deleted += part.text;
      else last.inserted += part.text;
    } else
      items.push(part.op === 'delete' ? { deleted: part.text, inserted: '' } : { deleted: '', inserted: part.text });
  }
  const out: Item[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const before = out.at(-1);
    const after = items[i + 1];
    if (
      'same' in item &&
      WHITESPACE.test(item.same) &&
      before &&
      !('same' in before) &&
      after &&
      !('same' in after) &&
      (before.deleted || after.deleted) &&
      (before.inserted || after.inserted)
    ) {
      before.deleted += item.same + after.deleted;
      before.inserted += item.same + after.inserted;
      i++;
    } else out.push(item);
  }
  return out.flatMap((item): DiffPart[] => {
    if ('same' in item) return [{ op: 'same', text: item.same }];
    const change: DiffPart[] = [];
    if (item.deleted) change.push({ op: 'delete', text: item.deleted });
    if (item.inserted) change.push({ op: 'insert', text: item.inserted });
    return change;
  });
}

/**
 * Indices (into `seq`) of one longest strictly increasing subsequence, as a set. Among equally
 * long ones it keeps the elements that come later, so an element moved forward is the one left out.
 */
function longestIncreasingSubsequence(seq: readonly number[]): Set<number> {
  const tails: number[] = [];
  const previous = new Array<number>(seq.length).fill(-1);
  seq.forEach((value, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]!]! < value) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  });
  const kept = new Set<number>();
  for (let i = tails.at(-1) ?? -1; i !== -1; i = previous[i]!) kept.add(i);
  return kept;
}

/**
 * Items of both sides in `to`'s order, each item only in `from` placed right after the item it
 * followed in `from` (a run of removed items stays together, in `from`'s order; removed items
 * that came first in `from` come first).
 */
function mergeOrder<T extends { id: string }>(
  from: readonly T[],
  to: readonly T[],
): { from: T | null; to: T | null }[] {
  const toIds = new Set(to.map((item) => item.id));
  const fromById = new Map(from.map((item) => [item.id, item]));
  const leading: T[] = [];
  const after = new Map<string, T[]>();
  let anchor: string | null = null;
  for (const item of from) {
    if (toIds.has(item.id)) anchor = item.id;
    else if (anchor === null) leading.push(item);
    else after.set(anchor, [...(after.get(anchor) ?? []), item]);
  }
  const removed = (items: T[]) => items.map((item) => ({ from: item, to: null }));
  return [
    ...removed(leading),
    ...to.flatMap((item) => [{ from: fromById.get(item.id) ?? null, to: item }, ...removed(after.get(item.id) ?? [])]),
  ];
}

const sameText = (x: Record<Language, string>, y: Record<Language, string>) =>
  LANGUAGES.every((lang) => x[lang] === y[lang]);

/**
 * Compares two snapshots clause by clause (matched by id). See `Comparison` for the shape; the
 * server adds the two sides and each clause's `threadIds`.
 *
 * A clause common to both sides is `moved` when its section changed, or when it is not among
 * the longest run of clauses (staying in their section) whose order is the same on both sides:
 * moving one clause up marks that clause, not every clause it jumped over. A clause renumbered
 * only because an earlier one was added or removed is `renumbered` but not `moved`.
 *
 * `sections` lists sections added, removed or retitled (in either language); `titleChanged`
 * is true only for a section on both sides whose title differs.
 */
export function compareFrameworks(
  from: FrameworkSnapshot,
  to: FrameworkSnapshot,
): Pick<Comparison, 'clauses' | 'summary' | 'sections'> {
  const fromIndex = new Map(from.clauses.map((clause, i) => [clause.id, i]));
  const fromById = new Map(from.clauses.map((clause) => [clause.id, clause]));

  // Order moves: the common clauses that kept their section, in `to`'s order, by position in `from`.
  const stayed = to.clauses.filter((clause) => fromById.get(clause.id)?.sectionId === clause.sectionId);
  const inOrder = longestIncreasingSubsequence(stayed.map((clause) => fromIndex.get(clause.id)!));
  const outOfOrder = new Set(stayed.filter((_, i) => !inOrder.has(i)).map((clause) => clause.id));

  const clauses = mergeOrder(from.clauses, to.clauses).map(({ from: f, to: t }) => compareClause(f, t, outOfOrder));

  const summary: ComparisonSummary = { changed: 0, added: 0, removed: 0, moved: 0, renumbered: 0, unchanged: 0 };
  for (const clause of clauses) {
    summary[clause.status]++;
    if (clause.moved) summary.moved++;
    if (clause.renumbered) summary.renumbered++;
  }

  const sections = mergeOrder(from.sections, to.sections)
    .filter(({ from: f, to: t }) => !f || !t || !sameText(f.title, t.title))
    .map(({ from: f, to: t }) => ({
      sectionId: (f ?? t)!.id,
      from: f,
      to: t,
      titleChanged: f !== null && t !== null,
    }));

  return { clauses, summary, sections };
}

function compareClause(
  from: ClauseSnapshot | null,
  to: ClauseSnapshot | null,
  outOfOrder: ReadonlySet<string>,
): ClauseComparison {
  const clause = (from ?? to)!;
  const place = (c: ClauseSnapshot | null) => (c ? { number: c.number, sectionId: c.sectionId } : null);
  const text = {} as ClauseComparison['text'];
  for (const lang of LANGUAGES) {
    const before = from?.text[lang] ?? '';
    const after = to?.text[lang] ?? '';
    text[lang] = { changed: before !== after, parts: diffWords(before, after) };
  }
  const both = from !== null && to !== null;
  return {
    clauseId: clause.id,
    status: !from ? 'added' : !to ? 'removed' : sameText(from.text, to.text) ? 'unchanged' : 'changed',
    from: place(from),
    to: place(to),
    moved: both && (from.sectionId !== to.sectionId || outOfOrder.has(clause.id)),
    renumbered: both && from.number !== to.number,
    text,
    threadIds: [],
  };
}
