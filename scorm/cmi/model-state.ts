// The data store of one SCO's run-time data: values keyed by the full dotted element name,
// record counts keyed by collection path, and the adl.data map permissions; plus its plain JSON form.
import type { ScormVersion } from './error-codes.ts';

export interface SharedDataAccess {
  readonly read: boolean;
  readonly write: boolean;
}

export interface ModelState {
  readonly version: ScormVersion;
  readonly values: Map<string, string>;
  readonly counts: Map<string, number>;
  /** Per adl.data record, the map's readSharedData / writeSharedData (2004 4th Ed. shared data). */
  readonly sharedData: SharedDataAccess[];
}

/** What storage keeps: a JSON object (`JSON.stringify` round-trips it). */
export interface ModelSnapshot {
  readonly version: ScormVersion;
  readonly values: Readonly<Record<string, string>>;
  readonly counts: Readonly<Record<string, number>>;
  readonly sharedData?: readonly SharedDataAccess[];
}

export function createModelState(version: ScormVersion): ModelState {
  return { version, values: new Map(), counts: new Map(), sharedData: [] };
}

export function snapshotOf(state: ModelState): ModelSnapshot {
  return {
    version: state.version,
    values: Object.fromEntries(state.values),
    counts: Object.fromEntries(state.counts),
    sharedData: state.sharedData.map((a) => ({ ...a })),
  };
}

/**
 * `JSON.stringify(snapshotOf(state))`, the same text, written straight from the maps: every
 * commit stores its attempt's whole model this way, and building the object first (a dictionary of
 * every element's name) cost about 40 % more at 150 interactions (decision 0048). An object lists
 * array-index keys first, so a model with a key that starts with a digit (never a data model
 * element's name) takes the long way to keep the text the same.
 */
export function snapshotJson(state: ModelState): string {
  const values = entriesJson(state.values);
  const counts = values && entriesJson(state.counts);
  if (!values || !counts) return JSON.stringify(snapshotOf(state));
  return `{"version":${JSON.stringify(state.version)},"values":${values},"counts":${counts},"sharedData":${JSON.stringify(state.sharedData)}}`;
}

/** A map's entries as a JSON object's text; undefined when a key would change places in an object. */
function entriesJson(map: ReadonlyMap<string, string | number>): string | undefined {
  let out = '{';
  for (const [key, value] of map) {
    const first = key.charCodeAt(0);
    if (first >= 48 && first <= 57) return undefined;
    // JSON.stringify leaves an undefined member out; so does this.
    if (value === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(value)}`;
  }
  return out + '}';
}

export function stateFromSnapshot(snapshot: ModelSnapshot): ModelState {
  return {
    version: snapshot.version,
    values: new Map(Object.entries(snapshot.values)),
    counts: new Map(Object.entries(snapshot.counts)),
    sharedData: (snapshot.sharedData ?? []).map((a) => ({ ...a })),
  };
}

export function cloneState(state: ModelState): ModelState {
  return {
    version: state.version,
    values: new Map(state.values),
    counts: new Map(state.counts),
    sharedData: state.sharedData.map((a) => ({ ...a })),
  };
}

export const countOf = (state: ModelState, collection: string): number => state.counts.get(collection) ?? 0;
