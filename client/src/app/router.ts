import { useSyncExternalStore } from 'react';

/** The pages there are. Paths are built and parsed only here. */
export type Route = { page: 'home' } | { page: 'consultation'; consultationId: string } | { page: 'notFound' };

export function consultationPath(consultationId: string): string {
  return `/consultations/${encodeURIComponent(consultationId)}`;
}

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'home' };
  const match = /^\/consultations\/([^/]+)\/?$/.exec(pathname);
  if (match?.[1]) {
    try {
      return { page: 'consultation', consultationId: decodeURIComponent(match[1]) };
    } catch {
      return { page: 'notFound' };
    }
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
