import { COLLAB_PATH } from '@accord/shared';

/** The sync WebSocket on the page's own origin (the session cookie and Origin check need it). */
export function collabUrl(location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${COLLAB_PATH}`;
}
