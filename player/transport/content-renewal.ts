// Keeps the player's content token fresh while the session runs: content tokens live minutes, so
// the player asks for a new one at half its life (which also tells the server the session is
// alive, keeping the open SCO's own URLs serving), retrying soon after a failure.

export interface ContentRenewalDeps {
  renew(): Promise<{ content_base: string; content_expires_in: number }>;
  onBase(base: string): void;
  setTimer(fn: () => void, ms: number): unknown;
}

const RETRY_MS = 30_000;
const MIN_WAIT_MS = 5_000;

export function startContentRenewal(deps: ContentRenewalDeps, expiresInSeconds: number | undefined): void {
  // An older server gives no expiry: its content tokens live as long as the launch.
  if (typeof expiresInSeconds !== 'number' || !(expiresInSeconds > 0)) return;
  const schedule = (seconds: number) => deps.setTimer(run, Math.max(MIN_WAIT_MS, (seconds * 1000) / 2));
  const run = () => {
    deps.renew().then(
      (answer) => {
        deps.onBase(answer.content_base);
        schedule(answer.content_expires_in);
      },
      // A revoked launch (401) stops here; a network blip tries again.
      (error: { status?: number }) => {
        if (error?.status !== 401 && error?.status !== 403 && error?.status !== 404) deps.setTimer(run, RETRY_MS);
      },
    );
  };
  schedule(expiresInSeconds);
}
