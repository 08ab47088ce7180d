// Human explanations of the import and upload error codes, and the file or zip entry a message
// names, so a failed upload says what to fix (pure; shown by the Upload page).
import type { ClientErrorCode, ErrorCode } from '../contract/errors.ts';

export interface ExplainedError {
  code: string;
  /** One sentence in plain words: what went wrong. */
  title: string;
  /** What to do about it. */
  advice: string;
  /** The file or zip entry at fault, when the message names one. */
  subject: { label: string; value: string } | null;
  /** The server's own message, verbatim. */
  message: string;
}

const EXPLANATIONS: Partial<Record<ErrorCode | ClientErrorCode, [title: string, advice: string]>> = {
  LAUNCH_FILE_MISSING: ['A page the course starts from is not in the zip.', 'Add the missing file to the package, or fix the href of its resource in imsmanifest.xml, then upload again.'],
  UNSAFE_PATH: ['The zip contains an entry whose name could escape the package folder.', 'Re-create the zip from the course folder itself; names must be relative, without "..", drive letters, backslashes or links.'],
  MANIFEST_MISSING: ['The zip has no imsmanifest.xml.', 'A SCORM package has imsmanifest.xml at its root (or in a single top-level folder). Export the course again as SCORM.'],
  MANIFEST_INVALID: ['imsmanifest.xml could not be read as XML.', 'Fix the manifest so that it is well-formed XML (the message says where), then upload again.'],
  NO_LAUNCHABLE_ITEM: ['No organization of the manifest has an item the player could launch.', 'Every course needs at least one item that points to a resource with an href.'],
  ZIP_TOO_LARGE: ['The package unpacks to more data or more files than this server accepts.', 'Ask an administrator to raise SCORM_MAX_UNCOMPRESSED_MB or SCORM_MAX_FILES, or make the package smaller.'],
  ZIP_CORRUPT: ['The zip file is damaged.', 'Download or export the package again; the file was probably cut short or altered on the way.'],
  PACKAGE_TOO_LARGE: ['The file is larger than this server accepts for an upload.', 'Ask an administrator to raise SCORM_MAX_UPLOAD_MB, or make the package smaller.'],
  NOT_A_ZIP: ['The file is not a zip archive.', 'Upload the .zip file your authoring tool exported for SCORM.'],
  FILE_REQUIRED: ['No file reached the server.', 'Choose a .zip file and upload it again.'],
  BAD_MULTIPART: ['The upload was garbled on the way to the server.', 'Try again; a proxy between you and the server may be altering uploads.'],
  UPLOAD_ABORTED: ['The upload was interrupted before the whole file arrived.', 'Check the network connection and upload again.'],
  IMPORT_CANCELLED: ['The import was cancelled.', 'Nothing was kept; upload the file again to import it.'],
  UNAUTHORIZED: ['The admin token was refused.', 'Sign in again with the current admin token.'],
  NETWORK_ERROR: ['The server could not be reached.', 'Check the network connection and that the server is running, then try again.'],
};

const FALLBACK: [string, string] = ['The import failed.', 'Read the message below; fix the package and upload it again.'];

/** The quoted name a message gives for the codes whose messages name a file or entry. */
function subjectOf(code: string, message: string): ExplainedError['subject'] {
  if (code === 'LAUNCH_FILE_MISSING') {
    const file = /"([^"]*)" is not in the zip/.exec(message)?.[1];
    return file ? { label: 'Missing file', value: file } : null;
  }
  if (code === 'UNSAFE_PATH') {
    const entry = /zip entry "([^"]*)"/.exec(message)?.[1] ?? /href "([^"]*)"/.exec(message)?.[1] ?? /"([^"]*)"/.exec(message)?.[1];
    return entry ? { label: 'Refused entry', value: entry } : null;
  }
  if (code === 'ZIP_TOO_LARGE' || code === 'ZIP_CORRUPT') {
    const entry = /zip entry "([^"]*)"/.exec(message)?.[1];
    return entry ? { label: 'Zip entry', value: entry } : null;
  }
  return null;
}

/** `code` is a string: a newer server may send a code this console does not know yet. */
export function explainError(code: string, message: string): ExplainedError {
  const [title, advice] = EXPLANATIONS[code as ErrorCode] ?? FALLBACK;
  return { code, title, advice, subject: subjectOf(code, message), message };
}
