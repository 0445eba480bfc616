import { type RefObject, useEffect, useState } from 'react';

/**
 * How near counts as near: one viewport height above and below it, so editors are mounted and
 * synced before scrolling brings them into view.
 */
const NEAR_VIEWPORT_MARGIN = '100% 0px';

/** One observer for every watched element (a framework has hundreds of clause rows). */
let observer: IntersectionObserver | null = null;
const onNearByElement = new Map<Element, () => void>();

function unwatch(element: Element): void {
  onNearByElement.delete(element);
  observer?.unobserve(element);
}

function watchNearViewport(element: Element, onNear: () => void): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    onNear();
    return () => {};
  }
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const callback = onNearByElement.get(entry.target);
        unwatch(entry.target);
        callback?.();
      }
    },
    { rootMargin: NEAR_VIEWPORT_MARGIN },
  );
  onNearByElement.set(element, onNear);
  observer.observe(element);
  return () => unwatch(element);
}

/**
 * False until the element first comes within one viewport height of the viewport, then true for
 * good: what it gates (a clause's live editors) stays once made, rather than being torn down and
 * rebuilt as the person scrolls back and forth.
 */
export function useNearViewport(ref: RefObject<Element | null>): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (near || element === null) return;
    return watchNearViewport(element, () => setNear(true));
  }, [ref, near]);
  return near;
}
