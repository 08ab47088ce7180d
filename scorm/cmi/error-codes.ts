// One vocabulary of SCORM error conditions with the number each version gives it, plus the
// GetErrorString texts (1.2 RTE §3.3.3, 2004 RTE §3.1.7 error code table and extension conditions).

export type ScormVersion = '1.2' | '2004';

/**
 * [1.2 code, 2004 code]. 1.2 has fewer codes, so several conditions share 101/201/405 there
 * (ADL-1.2map, digest ); `null` marks a condition the version never raises.
 */
export const ERROR_CODES = {
  none: [0, 0],
  general: [101, 101],
  initFailure: [101, 102],
  alreadyInitialized: [101, 103],
  initAfterTerminate: [101, 104],
  terminateFailure: [101, 111],
  terminateBeforeInit: [301, 112],
  terminateAfterTerminate: [101, 113],
  getBeforeInit: [301, 122],
  getAfterTerminate: [101, 123],
  setBeforeInit: [301, 132],
  setAfterTerminate: [101, 133],
  commitBeforeInit: [301, 142],
  commitAfterTerminate: [101, 143],
  invalidArgument: [201, 201],
  /** GetValue("") — 1.2: A-7; 2004: CTS API 1.1.18. */
  getNotSpecified: [201, 301],
  /** SetValue("", v) — 2004: CTS API 1.1.16. */
  setNotSpecified: [201, 351],
  noChildren: [202, 301],
  notArray: [203, 301],
  /** `_version` anywhere but `cmi` — 1.2: an unknown leaf; 2004: 301. */
  noVersion: [201, 301],
  getOutOfRange: [101, 301],
  /** adl.nav.request_valid.choice / jump without a valid `{target=}` (digest §7.1, A-36). */
  badNavTarget: [null, 301],
  setOutOfOrder: [101, 351],
  uniqueViolation: [null, 351],
  writeOnce: [null, 351],
  maximumExceeded: [101, 351],
  /** The record past INTERACTIONS_LIMIT (scorm/cmi/data-model.ts): "maximum exceeded" in 2004. */
  interactionsFull: [101, 351],
  commitFailure: [101, 391],
  /** A name outside the data model, or an unknown category (1.2 A-6). */
  undefinedElement: [401, 401],
  /** An unknown leaf inside a known 1.2 category (CTS12, A-6); 2004 has only 401. */
  unknownLeaf: [201, 401],
  notImplemented: [401, 402],
  notInitialized: [null, 403],
  readOnly: [403, 404],
  writeOnly: [404, 405],
  keywordWrite: [402, 404],
  typeMismatch: [405, 406],
  outOfRange: [405, 407],
  dependency: [null, 408],
} as const satisfies Record<string, readonly [number | null, number]>;

export type ErrorName = keyof typeof ERROR_CODES;

/** The number of a condition in a version (a 2004-only condition cannot occur in 1.2: 101). */
export function errorCode(version: ScormVersion, name: ErrorName): number {
  const pair = ERROR_CODES[name];
  return version === '1.2' ? (pair[0] ?? 101) : pair[1];
}

/** 1.2 RTE §3.3.3 error names. */
const STRINGS_12: Record<string, string> = {
  '0': 'No error',
  '101': 'General exception',
  '201': 'Invalid argument error',
  '202': 'Element cannot have children',
  '203': 'Element not an array - cannot have count',
  '301': 'Not initialized',
  '401': 'Not implemented error',
  '402': 'Invalid set value, element is a keyword',
  '403': 'Element is read only',
  '404': 'Element is write only',
  '405': 'Incorrect data type',
};

/** 2004 RTE §3.1.7 error names (102 as SRTE spells it). */
const STRINGS_2004: Record<string, string> = {
  '0': 'No Error',
  '101': 'General Exception',
  '102': 'General Initialization Failure',
  '103': 'Already Initialized',
  '104': 'Content Instance Terminated',
  '111': 'General Termination Failure',
  '112': 'Termination Before Initialization',
  '113': 'Termination After Termination',
  '122': 'Retrieve Data Before Initialization',
  '123': 'Retrieve Data After Termination',
  '132': 'Store Data Before Initialization',
  '133': 'Store Data After Termination',
  '142': 'Commit Before Initialization',
  '143': 'Commit After Termination',
  '201': 'General Argument Error',
  '301': 'General Get Failure',
  '351': 'General Set Failure',
  '391': 'General Commit Failure',
  '401': 'Undefined Data Model Element',
  '402': 'Unimplemented Data Model Element',
  '403': 'Data Model Element Value Not Initialized',
  '404': 'Data Model Element Is Read Only',
  '405': 'Data Model Element Is Write Only',
  '406': 'Data Model Element Type Mismatch',
  '407': 'Data Model Element Value Out Of Range',
  '408': 'Data Model Dependency Not Established',
};

/** Every code a version defines, in ascending order. */
export function knownCodes(version: ScormVersion): number[] {
  return Object.keys(version === '1.2' ? STRINGS_12 : STRINGS_2004).map(Number);
}

/**
 * GetErrorString: the code's name, `""` for an unknown code or `""` (2004 CTS API 1.1.12/1.1.24,
 * adopted for 1.2 ). The code must be written as the API returns it ("0", "101"), so
 * "001" is unknown (CTS API 3.1.24).
 */
export function errorString(version: ScormVersion, code: string): string {
  const table = version === '1.2' ? STRINGS_12 : STRINGS_2004;
  return Object.hasOwn(table, code) ? table[code]! : '';
}
