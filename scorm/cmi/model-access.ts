// The types a GetValue answers with and the environment it reads, shared by data-model.ts and
// special-rules.ts (kept apart so neither imports the other's module for its types).
import type { ErrorName } from './error-codes.ts';

export type NavValidity = 'true' | 'false' | 'unknown';

export interface ModelEnv {
  /** The sequencer's answer for adl.nav.request_valid.* (2004 RTE §4.4.2); default `unknown`. */
  readonly navigationValidity?: (request: string) => NavValidity;
}

export interface GetResult {
  readonly error: ErrorName;
  readonly value: string;
}
