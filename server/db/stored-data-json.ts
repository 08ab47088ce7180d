// An attempt row's data_json as stored: without cmi.suspend_data, which the row's suspend_data
// column holds (decision 0043). Stored twice, a 4 KB suspend_data made the row too long for its
// page, and both copies went to overflow pages rewritten whole on every commit. The session rows
// the store hands out keep the whole data model in data_json, as before; rows written before
// this change (the value in both places) read as they are.

const MEMBER = '"cmi.suspend_data":';
const VALUES = '"values":{';
/**
 * What a text column may not give back as written (utf8mb4 has no lone surrogates; NUL is left
 * to the JSON's escapes too): such a suspend_data stays in data_json, whose text escapes it.
 */
const UNSAFE = /[\0]|\p{Cs}/u;

/**
 * Where the member `"cmi.suspend_data":` starts in `json` (the snapshot's JSON text), or -1. A
 * quote inside a JSON string is always escaped, so a match right after `{` or `,` is a key.
 */
function memberAt(json: string): number {
  for (let at = json.indexOf(MEMBER); at >= 0; at = json.indexOf(MEMBER, at + 1)) {
    const before = json[at - 1];
    if (before === '{' || before === ',') return at;
  }
  return -1;
}

/**
 * data_json as the row stores it: the suspend_data member cut when its value is exactly
 * `suspendData`, the value the row's suspend_data column holds after the same write; otherwise
 * the text as it is (both shapes read back the same).
 */
export function storedDataJson(dataJson: string, suspendData: string | null | undefined): string {
  if (suspendData == null || UNSAFE.test(suspendData)) return dataJson;
  const at = memberAt(dataJson);
  if (at < 0) return dataJson;
  const member = MEMBER + JSON.stringify(suspendData);
  if (!dataJson.startsWith(member, at)) return dataJson;
  const end = at + member.length;
  // Its comma goes with it: the one after it, or, when it is the last member, the one before.
  if (dataJson[end] === ',') return dataJson.slice(0, at) + dataJson.slice(end + 1);
  if (dataJson[end] === '}') return dataJson[at - 1] === ',' ? dataJson.slice(0, at - 1) + dataJson.slice(end) : dataJson.slice(0, at) + dataJson.slice(end);
  return dataJson;
}

/**
 * data_json as the store hands it out: the suspend_data column put back as the first member of
 * `values` when the stored text has none (a row written since decision 0043). The column is null
 * exactly when the data model has no cmi.suspend_data (session-columns.ts), so a null column adds
 * nothing.
 */
export function fullDataJson(stored: string, suspendData: string | null | undefined): string {
  if (suspendData == null || memberAt(stored) >= 0) return stored;
  const at = stored.indexOf(VALUES);
  if (at < 0) return stored;
  const start = at + VALUES.length;
  const member = MEMBER + JSON.stringify(suspendData);
  return stored.slice(0, start) + member + (stored[start] === '}' ? '' : ',') + stored.slice(start);
}
