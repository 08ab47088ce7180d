// Puts the API object where SCO discovery looks for it (1.2 RTE 3.3.6.1; 2004 RTE 3.3.2, the
// pipwerks / ADL walk up window.parent, then opener): on the player's own window, which is the
// SCO frame's parent, however deeply the player itself is framed by the integrator.
import type { Api12 } from '../../scorm/runtime/api-12.ts';
import type { Api2004 } from '../../scorm/runtime/api-2004.ts';

type ApiWindow = Window & { API?: Api12; API_1484_11?: Api2004 };

/** Exposes the API of the session now running; the previous one is removed. */
export function exposeApi(win: Window, api: { version: '1.2'; api: Api12 } | { version: '2004'; api: Api2004 }): void {
  const w = win as ApiWindow;
  delete w.API;
  delete w.API_1484_11;
  if (api.version === '1.2') w.API = api.api;
  else w.API_1484_11 = api.api;
}

export function withdrawApi(win: Window): void {
  const w = win as ApiWindow;
  delete w.API;
  delete w.API_1484_11;
}
