import { HocuspocusProvider, HocuspocusProviderWebsocket, MessageType } from '@hocuspocus/provider';
import {
  createYjsBinding,
  initLocalState,
  setLocalStateFocus,
  syncLexicalUpdateToYjs,
  type UserState,
} from '@lexical/yjs';
import { $createParagraphNode, $createTextNode, $getRoot, createEditor } from 'lexical';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Doc } from 'yjs';
import { LexicalProviderAdapter } from './LexicalProviderAdapter.ts';

/**
 * What one clause editor publishes to the others. A real `HocuspocusProvider` attached to a
 * shared socket that never connects: what it would send shows as `outgoingMessage` events (the
 * socket queues them), and the state an awareness message carries is the provider's awareness'
 * local state when it is encoded (it only ever sends our own client's). Lexical's own functions
 * drive the adapter, as `CollaborationPlugin` does.
 */

// A fake clock before any import: lib0, which times awareness renewals (every 15 s) and timeouts
// (30 s), keeps the `Date.now` it finds when it loads.
vi.hoisted(() => vi.useFakeTimers());
afterAll(() => vi.useRealTimers());

const NAME = 'Wang Fang';
const COLOR = 'rgb(200, 60, 60)';

class NoWebSocket {
  constructor() {
    throw new Error('this test opens no connection');
  }
}

let socket: HocuspocusProviderWebsocket;
let provider: HocuspocusProvider;
let adapter: LexicalProviderAdapter;
/** Our state as each awareness message sent it; null is a removal. */
let sent: (UserState | null)[];

beforeEach(() => {
  socket = new HocuspocusProviderWebsocket({
    url: 'ws://127.0.0.1:9/collab',
    autoConnect: false,
    // Node 20 has no WebSocket global; this socket must never open one.
    WebSocketPolyfill: NoWebSocket,
  });
  provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: 'clause/lmec-2017/principle-3/en',
    document: new Doc(),
    token: 'session',
  });
  adapter = new LexicalProviderAdapter(provider);
  sent = [];
  provider.on('outgoingMessage', ({ message }: { message: { type: MessageType } }) => {
    if (message.type === MessageType.Awareness) sent.push(published());
  });
  adapter.connect(); // attaches the document to the socket, as the plugin does on mount
});

afterEach(() => {
  provider.destroy();
  socket.destroy();
});

/** Our state on this document as the others get it: null is none. */
const published = () => (provider.awareness?.getLocalState() ?? null) as UserState | null;

/** A Lexical editor bound to the provider's document, writing to Yjs as `CollaborationPlugin` does. */
function boundEditor() {
  const editor = createEditor({
    namespace: 'clause-en',
    onError: (error) => {
      throw error;
    },
  });
  const doc = provider.document;
  const binding = createYjsBinding({ editor, id: 'clause', doc, docMap: new Map([['clause', doc]]) });
  editor.registerUpdateListener(({ prevEditorState, editorState, dirtyElements, dirtyLeaves, normalizedNodes, tags }) =>
    syncLexicalUpdateToYjs(
      binding,
      adapter,
      prevEditorState,
      editorState,
      dirtyElements,
      dirtyLeaves,
      normalizedNodes,
      tags,
    ),
  );
  return editor;
}

describe('the awareness Lexical gets for a clause editor', () => {
  it('publishes nothing for an editor without focus, now or when states are renewed', () => {
    initLocalState(adapter, NAME, COLOR, false, {});

    expect(adapter.awareness.getLocalState()).toEqual({
      anchorPos: null,
      awarenessData: {},
      color: COLOR,
      focusPos: null,
      focusing: false,
      name: NAME,
    });
    expect(published()).toBeNull();
    vi.advanceTimersByTime(60_000);
    expect(sent).toEqual([]);
  });

  it('publishes the cursor while the editor has focus, and withdraws it on blur', () => {
    const editor = boundEditor();
    initLocalState(adapter, NAME, COLOR, false, {});

    setLocalStateFocus(adapter, NAME, COLOR, true, {});
    expect(sent).toEqual([expect.objectContaining({ name: NAME, color: COLOR, focusing: true })]);

    // The caret moves: Lexical writes its position into the local state, which goes out.
    editor.update(
      () => {
        const text = $createTextNode('Cooperation shall be based on mutual respect.');
        $getRoot().append($createParagraphNode().append(text));
        text.select(11, 11);
      },
      { discrete: true },
    );
    const local = adapter.awareness.getLocalState();
    expect(local?.anchorPos).not.toBeNull();
    expect(local?.focusPos).not.toBeNull();
    expect(sent.at(-1)).toEqual(local);

    // Renewed while focused, so the others do not time it out.
    const beforeRenewal = sent.length;
    vi.advanceTimersByTime(60_000);
    expect(sent.length).toBeGreaterThan(beforeRenewal);
    expect(published()).toEqual(local);

    const beforeBlur = sent.length;
    setLocalStateFocus(adapter, NAME, COLOR, false, {});
    // Unfocused (the others' Lexical draws no caret for it), then removed.
    expect(sent.slice(beforeBlur)).toEqual([{ ...local, focusing: false }, null]);
    expect(published()).toBeNull();
    // Lexical keeps its cursor: the position it set, now without focus.
    expect(adapter.awareness.getLocalState()).toEqual({ ...local, focusing: false });
    vi.advanceTimersByTime(60_000);
    expect(sent.length).toBe(beforeBlur + 2);
  });

  it('keeps a changed field local without focus and publishes it with focus', () => {
    initLocalState(adapter, NAME, COLOR, false, {});

    adapter.awareness.setLocalStateField('color', 'blue');
    expect(adapter.awareness.getLocalState()?.color).toBe('blue');
    expect(sent).toEqual([]);

    setLocalStateFocus(adapter, NAME, COLOR, true, {});
    adapter.awareness.setLocalStateField('color', 'green');
    expect(sent.at(-1)).toMatchObject({ color: 'green', focusing: true });
  });

  it('withdraws a focused cursor when Lexical clears its state (page closing)', () => {
    initLocalState(adapter, NAME, COLOR, true, {});
    expect(sent).toEqual([expect.objectContaining({ focusing: true })]);

    adapter.awareness.setLocalState(null);
    expect(adapter.awareness.getLocalState()).toBeNull();
    expect(sent.slice(1)).toEqual([expect.objectContaining({ focusing: false }), null]);
  });

  it("reads everyone's states and their changes from the document's awareness", () => {
    const onUpdate = vi.fn();
    adapter.awareness.on('update', onUpdate);
    initLocalState(adapter, NAME, COLOR, true, {});

    expect(onUpdate).toHaveBeenCalled();
    const clientId = provider.document.clientID;
    expect(adapter.awareness.getStates().get(clientId)).toMatchObject({ name: NAME, focusing: true });

    adapter.awareness.off('update', onUpdate);
    onUpdate.mockClear();
    setLocalStateFocus(adapter, NAME, COLOR, false, {});
    expect(onUpdate).not.toHaveBeenCalled();
    expect(adapter.awareness.getStates().has(clientId)).toBe(false);
  });
});

describe('caret labels', () => {
  it("name a person with their stakeholder in the reader's language, leaving other states alone", () => {
    const labelled = new LexicalProviderAdapter(
      provider,
      () => (user) => `${user.name}（${user.stakeholderId === 'china' ? '中国' : '?'}）`,
    );
    const remote = new Doc();
    const others = provider.awareness!;
    // Another person's state, as the server stamped it (English), arriving in our awareness.
    others.states.set(remote.clientID, {
      name: 'Wang Fang (China)',
      color: COLOR,
      focusing: true,
      user: {
        personId: 'p-china',
        name: 'Wang Fang',
        role: 'delegate',
        stakeholderId: 'china',
        stakeholderName: 'China',
      },
    });
    others.states.set(remote.clientID + 1, { name: 'no user field', color: COLOR, focusing: true });
    const states = labelled.awareness.getStates();
    expect(states.get(remote.clientID)?.name).toBe('Wang Fang（中国）');
    expect(states.get(remote.clientID + 1)?.name).toBe('no user field');
    // Without a label function, the server's label stands.
    expect(adapter.awareness.getStates().get(remote.clientID)?.name).toBe('Wang Fang (China)');
  });
});
