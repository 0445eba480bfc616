import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate } from './router.ts';

type AppLinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { href: string };

/**
 * A link inside the app: a plain click navigates without reloading the page; a click with a
 * modifier (new tab, new window) is left to the browser.
 */
export function AppLink({ href, onClick, ...rest }: AppLinkProps) {
  const onLinkClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
    // A new page starts at its top; one with a #fragment scrolls to it itself.
    if (!href.includes('#')) window.scrollTo(0, 0);
  };
  return <a href={href} onClick={onLinkClick} {...rest} />;
}
