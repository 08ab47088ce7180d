// The registration store port: one learner on one package. The SQL adapter is
// sql-registration-store.ts, the in-memory fake memory-registration-store.ts; both pass
// test/db/registration-store-contract.ts.

export interface CommentFromLms {
  comment: string;
  location?: string;
  timestamp?: string;
}

export interface RegistrationRecord {
  id: string;
  packageId: string;
  learner: { id: string; name: string };
  commentsFromLms: CommentFromLms[];
  attempt: number;
  createdAt: number;
  lastAccessedAt: number | null;
}

export type NewRegistration = Omit<RegistrationRecord, 'createdAt' | 'lastAccessedAt' | 'attempt'>;

export interface RegistrationFilter {
  packageId?: string;
  learnerId?: string;
}

export interface RegistrationStore {
  /** Inserts, or finds the existing row with that id; the caller decides whether it conflicts. */
  createOrFind(input: NewRegistration): Promise<{ record: RegistrationRecord; created: boolean }>;
  get(id: string): Promise<RegistrationRecord | undefined>;
  /** Newest first (then by id). */
  list(filter: RegistrationFilter, limit: number, offset: number): Promise<{ items: RegistrationRecord[]; total: number }>;
  countForPackage(packageId: string): Promise<number>;
  delete(id: string): Promise<boolean>;
  /** With ?force=true a package goes with its registrations and all their run-time data. */
  deleteForPackage(packageId: string): Promise<void>;
}
