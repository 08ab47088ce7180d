// The admin token, asked for once and kept in the browser's session storage (gone with the tab).

const KEY = 'scorm-console.admin-token';

export function readToken(storage: Storage = sessionStorage): string | null {
  return storage.getItem(KEY);
}

export function saveToken(token: string, storage: Storage = sessionStorage): void {
  storage.setItem(KEY, token);
}

export function forgetToken(storage: Storage = sessionStorage): void {
  storage.removeItem(KEY);
}
