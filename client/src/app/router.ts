import { useSyncExternalStore } from 'react';

/** The pages there are. Paths are built and parsed only here. */
export type Route =
  | { page: 'home' }
  | { page: 'consultation'; consultationId: string }
  | { page: 'matrix'; consultationId: string }
  | { page: 'audit'; consultationId: string }
  | { page: 'votes'; consultationId: string }
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

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'home' };
  const match = /^\/consultations\/([^/]+)(?:\/(matrix|audit|votes))?\/?$/.exec(pathname);
  if (match?.[1]) {
    let consultationId: string;
    try {
      consultationId = decodeURIComponent(match[1]);
    } catch {
      return { page: 'notFound' };
    }
    const page = match[2] === 'matrix' || match[2] === 'audit' || match[2] === 'votes' ? match[2] : 'consultation';
    return { page, consultationId };
  }
  return { page: 'notFound' };
}

// pushState fires no event of its own; navigate() announces changes with this one.
const NAVIGATED = 'accord:navigated';

export function navigate(path: string, { replace = false }: { replace?: boolean } = {}): void {
  if (path === window.location.pathname) return;
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
