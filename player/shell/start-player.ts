// The entry point's wiring: the page's window, its launch token, and the integrator's options.
import type { KeyValueStorage } from '../transport/commit-journal.ts';
import type { LaunchData } from '../transport/runtime-client.ts';
import { Player } from './player.ts';

export function startPlayer(win: Window): Player {
  const url = new URL(win.location.href);
  const registrationId = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '');
  const token = url.searchParams.get('token') ?? '';
  let storage: KeyValueStorage | null = null;
  try {
    storage = win.localStorage;
  } catch {
    storage = null;
  }
  // The server puts the package, the journal's seal key and the launch data in the page (GET /player/:id).
  const data = win.document.getElementById('player')?.dataset ?? {};
  let launchData: LaunchData | null = null;
  try {
    launchData = JSON.parse(win.document.getElementById('launch-data')?.textContent ?? 'null') as LaunchData | null;
  } catch {
    launchData = null; // the player asks the server instead
  }
  const player = new Player({
    window: win,
    registrationId,
    token,
    journal: { packageId: data.packageId ?? '', sealKey: data.journalKey ?? '' },
    options: { autoContinue: !['0', 'false', 'no'].includes(url.searchParams.get('autocontinue') ?? '') },
    fetch: (input, init) => win.fetch(input, init),
    storage,
    launchData,
  });
  void player.start();
  return player;
}
