// Preview: a registration for the console's preview learner on this package (the same one each
// time, so a preview resumes), and the player opened from its launch URL in an iframe.
import type { ApiClient } from '../api-client.ts';
import type { PackageDetail } from '../../contract/packages.ts';
import type { Registration } from '../../contract/registrations.ts';
import { clear, el, link } from '../dom.ts';
import { href } from '../router.ts';

export const PREVIEW_LEARNER = { id: 'console-preview', name: 'Preview learner' };

export function previewRegistrationId(packageId: string): string {
  return `preview-${packageId}`;
}

export async function previewPanel(api: ApiClient, pkg: PackageDetail, slot: HTMLElement, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  clear(slot);
  try {
    const registration = await api.send<Registration>('POST', '/api/v1/registrations', {
      id: previewRegistrationId(pkg.id),
      package_id: pkg.id,
      learner: PREVIEW_LEARNER,
      // The preview follows the package's newest version, carrying what it recorded (decision 0024).
      on_new_version: 'migrate',
    });
    const frame = el('iframe', { class: 'player-frame', attrs: { title: `Preview of ${pkg.title}`, src: registration.launch_url ?? '', allow: 'fullscreen' } });
    const close = el('button', { attrs: { type: 'button' } }, 'Close preview');
    close.addEventListener('click', () => {
      clear(slot);
      button.disabled = false;
    });
    slot.append(
      el(
        'div',
        { class: 'preview', data: { registrationId: registration.id } },
        el('p', { class: 'preview-head' }, `Previewing as "${PREVIEW_LEARNER.name}". Progress is recorded like any learner's. `, link(href.registration(registration.id), 'See its data'), ' ', close),
        frame,
      ),
    );
  } catch (error) {
    button.disabled = false;
    slot.append(el('p', { class: 'alert', attrs: { role: 'alert' } }, `The preview could not start: ${(error as Error).message}`));
  }
}
