// Packages (contract/packages.ts, scorm/manifest/model.ts): upload, new versions, list, read,
// policy, delete, and preview content tokens.
import { count, dateTime, idParameter, json, jsonBody, nullable, object, page, pagingParameters, ref, type ApiArea, type Schema } from './define.ts';
import { errors, IMPORT_CODES, JSON_BODY_ERRORS } from './errors.ts';

/** What happens to a registration's version when a newer one is imported (decision 0024). */
export const onNewVersion: Schema = {
  type: 'string',
  enum: ['keep', 'restart', 'migrate'],
  description: 'Applied at the registration\'s next launch: `keep` stays on its version; `restart` moves to the newest with earlier attempts set aside; `migrate` moves to the newest carrying SCO data where item identifiers match.',
};

const diffItem = object({ identifier: { type: 'string' }, title: { type: 'string' } });

const summary: Record<string, Schema> = {
  id: { type: 'string' },
  title: { type: 'string' },
  version: { type: 'string', enum: ['1.2', '2004'] },
  edition: { type: ['string', 'null'], enum: ['2nd', '3rd', '4th', null] },
  schemaversion: { type: ['string', 'null'], description: 'As written in the manifest.' },
  identifier: { type: 'string' },
  default_organization: { type: ['string', 'null'] },
  sco_count: count,
  asset_count: count,
  file_count: count,
  size_bytes: count,
  storage: { type: 'string', description: 'Where the content is kept: `local` or `s3`.' },
  created_at: dateTime,
  current_version: { type: 'integer', minimum: 1, description: 'The package version new registrations get (`version` is the SCORM version).' },
  on_new_version: onNewVersion,
};

const resourceRef = object({
  identifier: { type: 'string' },
  href: { type: ['string', 'null'] },
  scorm_type: { type: 'string', enum: ['sco', 'asset'] },
});

const item: Schema = {
  type: 'object',
  description: 'An item of an organization, plus what its version\'s manifest says of it (1.2: masteryscore, maxtimeallowed, timelimitaction, datafromlms, prerequisites; 2004: completionThreshold, dataFromLMS, timeLimitAction, presentation, data, and the parsed sequencing definition).',
  required: ['identifier', 'title', 'visible', 'parameters', 'resource', 'launch_url', 'children'],
  properties: {
    identifier: { type: 'string' },
    title: { type: 'string' },
    visible: { type: 'boolean' },
    parameters: { type: ['string', 'null'] },
    resource: nullable(resourceRef),
    launch_url: { type: ['string', 'null'], description: 'Package-relative: base + href + parameters.' },
    children: { type: 'array', items: ref('Item') },
    masteryscore: { type: ['number', 'null'] },
    maxtimeallowed: { type: ['string', 'null'] },
    timelimitaction: { type: ['string', 'null'] },
    datafromlms: { type: ['string', 'null'] },
    prerequisites: { type: ['object', 'null'], description: 'The parsed 1.2 prerequisites expression.' },
    completionThreshold: nullable(object({ completedByMeasure: { type: 'boolean' }, minProgressMeasure: { type: 'number' }, progressWeight: { type: 'number' } })),
    dataFromLMS: { type: ['string', 'null'] },
    timeLimitAction: { type: ['string', 'null'] },
    presentation: { type: ['object', 'null'] },
    data: { type: 'array', items: { type: 'object' } },
    sequencing: { type: 'object', description: 'The SN sequencing definition with every default filled in.' },
  },
  additionalProperties: true,
};

/** A package zip, as a raw body or as multipart field `file` (both uploads take it). */
const zipUpload = {
  required: true,
  content: {
    'application/zip': { schema: { type: 'string', contentMediaType: 'application/zip' } },
    'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', contentMediaType: 'application/zip' } } } },
  },
};

const uploadQuery = [
  { name: 'wait', in: 'query' as const, description: '`true`: answer when the job ends (at most 120 s) with the package (201) or the job\'s error.', schema: { type: 'string', enum: ['true', '1', 'false'] } },
];

export const packagesArea: ApiArea = {
  tag: { name: 'packages', description: 'SCORM packages: upload (an import job), browse, delete.' },
  schemas: {
    PackageSummary: object(summary),
    PackageListItem: object({ ...summary, learners: { ...count, description: 'Distinct learners with a registration on it.' } }),
    PackagePage: page('PackageListItem'),
    Diagnostic: object({
      level: { type: 'string', enum: ['error', 'warning'] },
      code: { type: 'string' },
      message: { type: 'string' },
      path: { type: 'string', description: 'Where in the manifest, e.g. manifest/organizations/organization[ORG-1]/item[ITEM-3].' },
    }),
    Item: item,
    Organization: {
      type: 'object',
      required: ['identifier', 'title', 'items'],
      properties: { identifier: { type: 'string' }, title: { type: 'string' }, items: { type: 'array', items: ref('Item') } },
      description: '2004 organizations also carry `sequencing`, `objectivesGlobalToSystem` and `sharedDataGlobalToSystem`.',
      additionalProperties: true,
    },
    Resource: {
      type: 'object',
      required: ['identifier', 'href', 'scorm_type', 'type', 'base', 'files', 'dependencies', 'external'],
      properties: {
        ...(resourceRef.properties as Record<string, Schema>),
        type: { type: 'string' },
        base: { type: 'string' },
        files: { type: 'array', items: { type: 'string' } },
        dependencies: { type: 'array', items: { type: 'string' } },
        external: { type: 'boolean' },
      },
      additionalProperties: false,
    },
    PackageDetail: object({
      ...summary,
      organizations: { type: 'array', items: ref('Organization') },
      resources: { type: 'array', items: ref('Resource') },
      metadata: object({
        schema: { type: ['string', 'null'] },
        lom_title: { type: ['string', 'null'] },
        locations: { type: 'array', items: object({ path: { type: 'string' }, href: { type: 'string' } }) },
      }),
      diagnostics: { type: 'array', items: ref('Diagnostic') },
      trace: { type: 'boolean', description: 'The package\'s trace switch (decision 0023); on the answer of PATCH.' },
    }, ['trace']),
    VersionDiff: object({
      from_version: { type: 'integer', minimum: 1 },
      items_added: { type: 'array', items: diffItem },
      items_removed: { type: 'array', items: diffItem },
      launch_url_changed: { type: 'array', items: object({ identifier: { type: 'string' }, title: { type: 'string' }, from: { type: ['string', 'null'] }, to: { type: ['string', 'null'] } }) },
      sequencing_changed: { type: 'array', items: diffItem, description: '2004: the sequencing definition; 1.2: prerequisites, masteryscore, time limits.' },
      structure_changed: { type: 'boolean', description: 'Identifiers, parents or order of the items differ.' },
    }, [], 'The difference from the version before: the import report of a new version.'),
    PackageVersion: object({
      version_number: { type: 'integer', minimum: 1 },
      title: { type: 'string' },
      scorm_version: { type: 'string', enum: ['1.2', '2004'] },
      sco_count: count,
      file_count: count,
      size_bytes: count,
      created_at: dateTime,
      import_job_id: { type: 'string' },
      current: { type: 'boolean' },
      registrations: { ...count, description: 'Registrations running this version now.' },
      content_removed: { type: 'boolean', description: 'Its content was removed by the cleanup (no registration used it any more).' },
      diff: nullable(ref('VersionDiff')),
    }),
    PackageVersionPage: page('PackageVersion'),
    PackagePatch: {
      ...object({
        on_new_version: onNewVersion,
        trace: { type: 'boolean', description: 'Every launch of every registration on it records its API trace (decision 0023).' },
      }, ['on_new_version', 'trace']),
      additionalProperties: true,
    },
    ContentTokenAnswer: object({
      token: { type: 'string' },
      base_url: { type: 'string', format: 'uri', description: 'Absolute on the delivery origin; append a package path.' },
      expires_in: { type: 'integer', description: 'Seconds.' },
    }),
  },
  paths: {
    '/api/v1/packages': {
      post: {
        operationId: 'uploadPackage',
        summary: 'Upload a SCORM package (starts an import job)',
        description: 'Send a zip as multipart field `file` or as a raw `application/zip` body; it is streamed to disk. Answers at once with the job to follow, or with `?wait=true` when the job ends.',
        tags: ['packages'],
        parameters: uploadQuery,
        requestBody: zipUpload,
        responses: {
          '201': json('With `?wait=true`: the imported package.', ref('PackageDetail')),
          '202': json('Accepted: the job to follow.', ref('UploadAccepted')),
          ...errors(
            {
              400: ['FILE_REQUIRED', 'BAD_MULTIPART', 'UPLOAD_ABORTED', 'BAD_REQUEST'],
              409: ['IMPORT_CANCELLED'],
              413: ['PACKAGE_TOO_LARGE'],
              415: ['NOT_A_ZIP'],
              422: IMPORT_CODES,
              429: ['TOO_MANY_UPLOADS'],
            },
            {
              409: 'With `?wait=true`: the job was cancelled (the Job is in `error.job`).',
              413: 'Larger than SCORM_MAX_UPLOAD_MB.',
              415: 'Not a zip (its first bytes are not a zip signature).',
              422: 'With `?wait=true`: the import failed (the Job is in `error.job`).',
              429: 'SCORM_MAX_CONCURRENT_UPLOADS uploads are being received; `Retry-After` (and `error.retry_after`) says when to send it again.',
            },
          ),
        },
      },
      get: {
        operationId: 'listPackages',
        summary: 'List packages, newest first',
        tags: ['packages'],
        parameters: [...pagingParameters, { name: 'q', in: 'query', description: 'Words in the title or identifier (at most 200 characters are read).', schema: { type: 'string' } }],
        responses: { '200': json('A page of packages.', ref('PackagePage')), ...errors({ 400: ['INVALID_PAGING'] }) },
      },
    },
    '/api/v1/packages/{id}': {
      parameters: [idParameter('package')],
      get: {
        operationId: 'getPackage',
        summary: 'Read a package with its organizations, resources and diagnostics',
        tags: ['packages'],
        responses: { '200': json('The package.', ref('PackageDetail')), ...errors({ 404: ['PACKAGE_NOT_FOUND'] }) },
      },
      patch: {
        operationId: 'updatePackage',
        summary: 'Set the package\'s default on_new_version and its trace switch',
        tags: ['packages'],
        requestBody: jsonBody(ref('PackagePatch')),
        responses: {
          '200': json('The package, with its `trace` switch.', ref('PackageDetail')),
          ...errors({ ...JSON_BODY_ERRORS, 400: [...JSON_BODY_ERRORS[400], 'INVALID_BODY', 'INVALID_VERSION_POLICY'], 404: ['PACKAGE_NOT_FOUND'], 422: ['INVALID_REQUEST'] }, { 422: '`trace` is not a boolean; `error.field` names it.' }),
        },
      },
      delete: {
        operationId: 'deletePackage',
        summary: 'Delete a package and its content (every version\'s)',
        tags: ['packages'],
        parameters: [{ name: 'force', in: 'query', description: '`true`: delete its registrations too.', schema: { type: 'string', enum: ['true'] } }],
        responses: {
          '204': { description: 'Deleted, content removed from storage.' },
          ...errors({ 404: ['PACKAGE_NOT_FOUND'], 409: ['PACKAGE_IN_USE'] }, { 409: 'It has registrations; send `?force=true` to remove them too.' }),
        },
      },
    },
    '/api/v1/packages/{id}/versions': {
      parameters: [idParameter('package')],
      post: {
        operationId: 'uploadPackageVersion',
        summary: 'Upload a new version of the package (starts an import job)',
        description: 'The same upload and import job as POST /api/v1/packages. When it completes, the version becomes current: new registrations get it, and registrations under way move at their next launch as their on_new_version says. A version that fails its import changes nothing.',
        tags: ['packages'],
        parameters: uploadQuery,
        requestBody: zipUpload,
        responses: {
          '201': json('With `?wait=true`: the new version, with its difference from the one before.', ref('PackageVersion')),
          '202': json('Accepted: the job to follow.', ref('UploadAccepted')),
          ...errors(
            {
              400: ['FILE_REQUIRED', 'BAD_MULTIPART', 'UPLOAD_ABORTED', 'BAD_REQUEST'],
              404: ['PACKAGE_NOT_FOUND'],
              409: ['IMPORT_CANCELLED'],
              413: ['PACKAGE_TOO_LARGE'],
              415: ['NOT_A_ZIP'],
              422: [...IMPORT_CODES],
              429: ['TOO_MANY_UPLOADS'],
            },
            { 409: 'With `?wait=true`: the job was cancelled.', 422: 'With `?wait=true`: the import failed (`PACKAGE_GONE`: the package was deleted meanwhile).' },
          ),
        },
      },
      get: {
        operationId: 'listPackageVersions',
        summary: 'The package\'s versions, newest first, each with what changed',
        tags: ['packages'],
        responses: { '200': json('Every version.', ref('PackageVersionPage')), ...errors({ 404: ['PACKAGE_NOT_FOUND'] }) },
      },
    },
    '/api/v1/packages/{id}/content-token': {
      parameters: [idParameter('package')],
      post: {
        operationId: 'createPackageContentToken',
        summary: 'A content URL for previews by an admin (8 hours)',
        tags: ['packages'],
        responses: { '200': json('The token and the base URL on the delivery origin.', ref('ContentTokenAnswer')), ...errors({ 404: ['PACKAGE_NOT_FOUND'] }) },
      },
    },
  },
};
