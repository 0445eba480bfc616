/**
 * The Lexical node types a clause text may contain. The client's editors register exactly these
 * (Lexical's built-ins, no extra nodes yet); the server refuses updates that would create any
 * other, since an editor that meets an unregistered node cannot show the clause at all.
 * Adding a node (lists, links…) means registering it in the client and listing it here.
 */
export const CLAUSE_NODE_TYPES = ['paragraph', 'text', 'linebreak', 'tab'] as const;

/** The Yjs shared type at the top of every clause document (Lexical's default root name). */
export const CLAUSE_ROOT = 'root';
