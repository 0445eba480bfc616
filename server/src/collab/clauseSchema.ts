import { CLAUSE_NODE_TYPES, CLAUSE_ROOT } from '@accord/shared';
import * as Y from 'yjs';
import { decodeIncomingUpdate } from './syncMessages.ts';

const ALLOWED_NODE_TYPES = new Set<string>(CLAUSE_NODE_TYPES);

/**
 * Why an update may not go into a clause document, or null when it may. Checks the shape
 * Lexical's V1 Yjs binding writes: one top-level `root` XmlText; elements as XmlText, text and
 * line breaks as Maps; every `__type` one of the node types the client registers; no subdocuments
 * or opaque embeds. A well-formed Yjs update of another shape would leave every editor unable to
 * show the clause, for good (it would be in the log).
 */
export function clauseUpdateProblem(update: Uint8Array): string | null {
  const structs = decodeIncomingUpdate(update)?.structs;
  if (!structs) return 'not a Yjs update';
  const key = (id: { client: number; clock: number }) => `${id.client}:${id.clock}`;
  const newNodes = new Set<string>();
  const typedNodes = new Set<string>();
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue; // GC and Skip structs carry no content
    if (typeof struct.parent === 'string' && struct.parent !== CLAUSE_ROOT) {
      return `top-level type "${struct.parent}" is not the clause root`;
    }
    const content = struct.content;
    if (content instanceof Y.ContentType) {
      const type = content.type;
      if (!(type instanceof Y.XmlText) && !(type instanceof Y.Map)) {
        return `a ${type.constructor.name} is not a clause node`;
      }
      newNodes.add(key(struct.id));
    } else if (
      content instanceof Y.ContentDoc ||
      content instanceof Y.ContentBinary ||
      content instanceof Y.ContentEmbed ||
      content instanceof Y.ContentJSON
    ) {
      return `${content.constructor.name} is not clause content`;
    }
    if (struct.parentSub === '__type') {
      const [value] = content.getContent() as unknown[];
      if (typeof value !== 'string' || !ALLOWED_NODE_TYPES.has(value)) {
        return `node type ${JSON.stringify(value)} is not allowed`;
      }
      if (struct.parent instanceof Y.ID) typedNodes.add(key(struct.parent));
    }
  }
  // Lexical creates a node and its `__type` in one transaction; a node without one cannot be shown.
  for (const node of newNodes) if (!typedNodes.has(node)) return 'a node without a type';
  return null;
}
