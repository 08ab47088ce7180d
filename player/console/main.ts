// The admin console's entry point (bundled to public/build/console.js).

async function showServerStatus(): Promise<void> {
  const status = document.getElementById('server-status');
  if (!status) return;
  try {
    const response = await fetch('/healthz', { cache: 'no-store' });
    const health = (await response.json()) as { status: string; db: string };
    status.textContent = health.status === 'ok' ? 'Server ready · database ok' : `Server degraded · database ${health.db}`;
    status.dataset.state = health.status;
  } catch {
    status.textContent = 'The server cannot be reached.';
    status.dataset.state = 'down';
  }
}

void showServerStatus();
