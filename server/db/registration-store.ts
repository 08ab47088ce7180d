// The registration store port: one learner on one package. The SQL adapter is
// sql-registration-store.ts, the in-memory fake memory-registration-store.ts; both pass
// test/db/registration-store-contract.ts.
import { randomBytes } from 'node:crypto';

import type { OnNewVersion } from '../../contract/packages.ts';
import type { CommentFromLms, VersionChange } from '../../contract/registrations.ts';

export type { CommentFromLms };

export interface RegistrationRecord {
  id: string;
  packageId: string;
  learner: { id: string; name: string };
  commentsFromLms: CommentFromLms[];
  attempt: number;
  createdAt: number;
  lastAccessedAt: number | null;
  /** Named by every launch token; a new one revokes the tokens before it (null: rows from before). */
  launchNonce: string | null;
  /** The package version it runs: the content id its items and files are keyed by, and its number. */
  contentId: string;
  versionNumber: number;
  /** Its own on_new_version; null when the package's applies. */
  onNewVersion: OnNewVersion | null;
  /** The last move onto a newer version (null: never moved). */
  versionChange: VersionChange | null;
  /** Record the API trace of every launch (decision 0023); false when absent. */
  trace?: boolean;
}

/** A fresh launch nonce: 128 random bits, so a re-created id never matches an old token. */
export const newLaunchNonce = (): string => randomBytes(16).toString('base64url');

export type NewRegistration = Omit<RegistrationRecord, 'createdAt' | 'lastAccessedAt' | 'attempt' | 'launchNonce' | 'versionChange'>;

export interface RegistrationFilter {
  packageId?: string;
  learnerId?: string;
}

export interface RegistrationStore {
  /** Inserts, or finds the existing row with that id; the caller decides whether it conflicts. */
  createOrFind(input: NewRegistration): Promise<{ record: RegistrationRecord; created: boolean }>;
  get(id: string): Promise<RegistrationRecord | undefined>;
  /** Several in one read (the commits of one turn, server/core/turn-batcher.ts), one answer per id in order. */
  getMany(ids: readonly string[]): Promise<Array<RegistrationRecord | undefined>>;
  /** Newest first (then by id). */
  list(filter: RegistrationFilter, limit: number, offset: number): Promise<{ items: RegistrationRecord[]; total: number }>;
  countForPackage(packageId: string): Promise<number>;
  /** Revokes every launch URL of the registration (a new nonce, answered; undefined if gone). */
  rotateLaunchNonce(id: string): Promise<string | undefined>;
  /** Marks the registration accessed now (the player's content-token renewal). */
  touch(id: string): Promise<void>;
  /** Sets its own on_new_version (null: the package's); false when it does not exist. */
  setVersionPolicy(id: string, policy: OnNewVersion | null): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  /** With ?force=true a package goes with its registrations and all their run-time data. */
  deleteForPackage(packageId: string): Promise<void>;
}
