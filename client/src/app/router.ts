import { useSyncExternalStore } from 'react';

/** The pages there are. Paths are built and parsed only here. */
export type Route =
  | { page: 'home' }
  | { page: 'consultation'; consultationId: string }
  | { page: 'matrix'; consultationId: string }
  | { page: 'audit'; consultationId: string }
  | { page: 'votes'; consultationId: string }
  | { page: 'versions'; consultationId: string }
  | { page: 'rounds'; consultationId: string }
  | { page: 'version'; consultationId: string; versionId: string }
  /** Which two texts, and how, is in the query string (see `versions/compareQuery.ts`). */
  | { page: 'compare'; consultationId: string }
  | { page: 'notFound' };

export function consultationPath(consultationId: string): string {
  return `/consultations/${encodeURIComponent(consultationId)}`;
}

export function matrixPath(consultationId: string): string {
  return `${consultationPath(consultationId)}/matrix`;
}

export function auditPath(consultationId: string): string {
  return `${consultationPath(consultationId)}/audit`;
}

export function votesPath(consultationId: string): string {
  return `${consultationPath(consultationId)}/votes`;
}

export function versionsPath(consultationId: string): string {
  return `${consultationPath(consultationId)}/versions`;
}

export function roundsPath(consultationId: string): string {
  return `${consultationPath(consultationId)}/rounds`;
}

export function versionPath(consultationId: string, versionId: string): string {
  return `${versionsPath(consultationId)}/${encodeURIComponent(versionId)}`;
}

/** The comparison page; `search` is its query string, from `compareSearch` ("?from=v1&to=draft"). */
export function comparePath(consultationId: string, search: string): string {
  return `${consultationPath(consultationId)}/compare${search}`;
}

const SUB_PAGES = ['matrix', 'audit', 'votes', 'versions', 'rounds', 'compare'] as const;
type SubPage = (typeof SUB_PAGES)[number];
const isSubPage = (value: string | undefined): value is SubPage =>
  value !== undefined && (SUB_PAGES as readonly string[]).includes(value);

function decoded(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'home' };
  const match = /^\/consultations\/([^/]+)(?:\/([^/]+)(?:\/([^/]+))?)?\/?$/.exec(pathname);
  if (!match?.[1]) return { page: 'notFound' };
  const consultationId = decoded(match[1]);
  if (consultationId === null) return { page: 'notFound' };
  const [, , sub, item] = match;
  if (sub === undefined) return { page: 'consultation', consultationId };
  if (!isSubPage(sub)) return { page: 'notFound' };
  if (item === undefined) return { page: sub, consultationId };
  // Only a version has a page of its own below its list.
  if (sub !== 'versions') return { page: 'notFound' };
  const versionId = decoded(item);
  return versionId === null || versionId === '' ? { page: 'notFound' } : { page: 'version', consultationId, versionId };
}

// pushState fires no event of its own; navigate() announces changes with this one.
const NAVIGATED = 'accord:navigated';

export function navigate(path: string, { replace = false }: { replace?: boolean } = {}): void {
  const { pathname, search, hash } = window.location;
  // A path with a query or a fragment is the same place only if they are the same too.
  if (path === (path.includes('?') || path.includes('#') ? `${pathname}${search}${hash}` : pathname)) return;
  if (replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATED));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

export function useRoute(): Route {
  const pathname = useSyncExternalStore(subscribe, () => window.location.pathname);
  return parseRoute(pathname);
}

/** The URL's query string ("?from=v1&to=draft"), followed through navigation and `replaceSearch`. */
export function useSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search);
}

/**
 * Changes the query string of the page shown (a view option: inline or side by side…) without
 * a new history entry: Back leaves the page, as people expect.
 */
export function replaceSearch(search: string): void {
  const { pathname, hash } = window.location;
  if (search === window.location.search) return;
  window.history.replaceState(window.history.state, '', `${pathname}${search}${hash}`);
  window.dispatchEvent(new Event(NAVIGATED));
}
