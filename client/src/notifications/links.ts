import { navigate } from '../app/router.ts';

/**
 * Follows a notification's app path (`/consultations/c#thread-t1`, `/consultations/c/votes#vote-v1`).
 * To another page: `navigate`, and the page opens what the fragment names as it loads. To the
 * page shown: the fragment changes (`hashchange`, which the page follows: the thread panel opens
 * on the thread); the same fragment again is announced as a `hashchange` too, so the thread
 * opens again even if it was closed meanwhile.
 */
export function followAppPath(path: string): void {
  const target = new URL(path, window.location.href);
  const here = window.location;
  const samePage = target.pathname === here.pathname && target.search === here.search;
  if (!samePage || target.hash === '') {
    navigate(path);
    if (target.hash === '') window.scrollTo(0, 0);
    return;
  }
  if (target.hash === here.hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else here.hash = target.hash;
}
