// /api/v1/registrations: a learner on a package, its launch URL, and its progress.
import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import { newRouter } from './router.ts';
import { DEFAULT_LAUNCH_TTL, parseLaunchInput, parseRegistrationInput, type LaunchInput } from '../core/registration-input.ts';
import type { Origins } from '../core/origins.ts';
import type { LaunchAnswer, Registration } from '../../contract/registrations.ts';
import type { TokenSigner } from '../core/signed-token.ts';
import type { PackageStore } from '../db/package-store.ts';
import type { RegistrationRecord, RegistrationStore } from '../db/registration-store.ts';
import type { SessionStore } from '../db/session-store.ts';
import { registrationProgress } from '../runtime/registration-progress.ts';
import { conflict, packageNotFound, registrationNotFound } from '../errors.ts';
import { parsePaging } from './paging.ts';
import { readJson, readJsonObject } from './read-json.ts';
import { parseOnNewVersion } from '../core/version-policy-input.ts';
import type { PackageVersionStore } from '../db/package-version-store.ts';

export interface RegistrationDeps {
  registrations: RegistrationStore;
  packages: PackageStore;
  versions: Pick<PackageVersionStore, 'current' | 'scoItemsOf'>;
  sessions: SessionStore;
  signer: TokenSigner;
  origins: Origins;
}

/** Absolute, on the delivery origin of the registration's package: never the admin origin. */
export function launchUrl(signer: TokenSigner, origins: Origins, registration: RegistrationRecord, launch: Pick<LaunchInput, 'expiresIn' | 'mode' | 'credit'> = { expiresIn: DEFAULT_LAUNCH_TTL, mode: 'normal', credit: 'credit' }): string {
  const extra: Record<string, string> = { p: registration.packageId, m: launch.mode, c: launch.credit };
  // The registration's current nonce: deleting it or revoking its launches kills this token.
  if (registration.launchNonce !== null) extra.n = registration.launchNonce;
  const token = signer.sign({ purpose: 'launch', subject: registration.id, extra }, launch.expiresIn);
  return `${origins.deliveryFor(registration.packageId)}/player/${encodeURIComponent(registration.id)}?token=${token}`;
}

export function registrationsRoutes(deps: RegistrationDeps): Router {
  const { registrations, packages, versions, sessions, signer, origins } = deps;
  const router = newRouter();

  type ScoItems = Awaited<ReturnType<PackageStore['scoItems']>>;
  type Current = Awaited<ReturnType<PackageVersionStore['current']>>;
  /** `cache` lets a list read each version's SCOs and each package's policy once, not once per registration. */
  async function view(registration: RegistrationRecord, cache = new Map<string, Promise<ScoItems | Current>>()): Promise<Registration> {
    const once = <T extends ScoItems | Current>(key: string, read: () => Promise<T>): Promise<T> => {
      if (!cache.has(key)) cache.set(key, read());
      return cache.get(key) as Promise<T>;
    };
    const scoItems = once(`content:${registration.contentId}`, () => versions.scoItemsOf(registration.contentId));
    const current = once(`package:${registration.packageId}`, () => versions.current(registration.packageId));
    // Attempts a restart or a migration set aside stay for the report, not in the progress.
    const rows = (await sessions.forRegistration(registration.id)).filter((row) => !row.archived);
    const progress = registrationProgress(await scoItems, rows);
    return {
      id: registration.id,
      package_id: registration.packageId,
      learner: registration.learner,
      comments_from_lms: registration.commentsFromLms,
      completion_status: progress.completion_status,
      success_status: progress.success_status,
      score: progress.score,
      total_time_seconds: progress.total_time_seconds,
      attempt: registration.attempt,
      created_at: new Date(registration.createdAt).toISOString(),
      last_accessed_at: registration.lastAccessedAt === null ? null : new Date(registration.lastAccessedAt).toISOString(),
      scos: progress.scos,
      package_version: registration.versionNumber,
      on_new_version: registration.onNewVersion,
      effective_on_new_version: registration.onNewVersion ?? (await current)?.onNewVersion ?? 'keep',
      version_change: registration.versionChange,
    };
  }

  router.post('/registrations', async (ctx) => {
    const body = await readJson(ctx);
    const input = parseRegistrationInput(body);
    const policy = (body as Record<string, unknown>).on_new_version;
    const onNewVersion = policy === undefined ? null : parseOnNewVersion(policy, { nullable: true });
    // A new registration runs the package's current version.
    const current = await versions.current(input.packageId);
    if (!current) throw packageNotFound();
    const { record, created } = await registrations.createOrFind({
      ...input,
      id: input.id ?? randomUUID(),
      contentId: current.contentId,
      versionNumber: current.versionNumber,
      onNewVersion,
    });
    if (!created && (record.packageId !== input.packageId || record.learner.id !== input.learner.id)) {
      throw conflict('REGISTRATION_CONFLICT', `A registration with id "${record.id}" exists for another package or learner.`);
    }
    ctx.status = created ? 201 : 200;
    ctx.body = { ...(await view(record)), launch_url: launchUrl(signer, origins, record) } satisfies Registration;
  });

  router.get('/registrations', async (ctx) => {
    const { limit, offset } = parsePaging(ctx.query);
    const filter = {
      packageId: typeof ctx.query.package_id === 'string' ? ctx.query.package_id : undefined,
      learnerId: typeof ctx.query.learner_id === 'string' ? ctx.query.learner_id : undefined,
    };
    const { items, total } = await registrations.list(filter, limit, offset);
    const cache = new Map<string, Promise<ScoItems | Current>>();
    ctx.body = { items: await Promise.all(items.map((r) => view(r, cache))), total };
  });

  router.get('/registrations/:id', async (ctx) => {
    const record = await registrations.get(ctx.params.id!);
    if (!record) throw registrationNotFound();
    ctx.body = await view(record);
  });

  /** Its own on_new_version ({"on_new_version": "keep"|"restart"|"migrate"|null}; null: the package's). */
  router.patch('/registrations/:id', async (ctx) => {
    const body = await readJsonObject(ctx, 4096);
    if (!(await registrations.get(ctx.params.id!))) throw registrationNotFound();
    if (body.on_new_version !== undefined) {
      const policy = parseOnNewVersion(body.on_new_version, { nullable: true });
      if (!(await registrations.setVersionPolicy(ctx.params.id!, policy))) throw registrationNotFound();
    }
    ctx.body = await view((await registrations.get(ctx.params.id!))!);
  });

  /** Every SCO's full stored data model, all attempts, with interactions and objectives as rows. */
  router.get('/registrations/:id/cmi', async (ctx) => {
    const record = await registrations.get(ctx.params.id!);
    if (!record) throw registrationNotFound();
    const rows = await sessions.forRegistration(record.id);
    const scos = new Map<string, unknown[]>();
    for (const row of rows) {
      const attempts = scos.get(row.item_identifier) ?? [];
      attempts.push({
        attempt: row.attempt,
        version: row.version,
        completion_status: row.completion_status,
        success_status: row.success_status,
        lesson_status: row.lesson_status,
        entry: row.entry,
        exit: row.exit_value,
        ended: row.ended,
        archived: Boolean(row.archived),
        sessions: row.session_count,
        commits: row.commit_sequence,
        suspend_data_length: row.suspend_data?.length ?? 0,
        data: JSON.parse(row.data_json) as unknown,
        interactions: await sessions.interactionsOf(row.id),
        objectives: await sessions.objectivesOf(row.id),
        updated_at: new Date(row.updated_at).toISOString(),
      });
      scos.set(row.item_identifier, attempts);
    }
    ctx.body = { registration_id: record.id, scos: [...scos].map(([item_identifier, attempts]) => ({ item_identifier, attempts })) };
  });

  router.post('/registrations/:id/launch', async (ctx) => {
    const record = await registrations.get(ctx.params.id!);
    if (!record) throw registrationNotFound();
    const launch = parseLaunchInput(await readJson(ctx));
    let current = record;
    if (launch.revokePrevious) {
      const nonce = await registrations.rotateLaunchNonce(record.id);
      if (nonce === undefined) throw registrationNotFound();
      current = { ...record, launchNonce: nonce };
    }
    ctx.body = {
      launch_url: launchUrl(signer, origins, current, launch),
      expires_in: launch.expiresIn,
      mode: launch.mode,
      credit: launch.credit,
      revoked_previous: launch.revokePrevious,
    } satisfies LaunchAnswer;
  });

  router.delete('/registrations/:id', async (ctx) => {
    await sessions.deleteForRegistration(ctx.params.id!);
    if (!(await registrations.delete(ctx.params.id!))) throw registrationNotFound();
    ctx.status = 204;
  });

  return router;
}
