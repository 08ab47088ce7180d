// The building blocks of the OpenAPI description (server/openapi/document.ts): the few types of
// OpenAPI 3.1 this project writes, and helpers that keep each area file short. Schemas are JSON
// Schema 2020-12, the dialect OpenAPI 3.1 uses, so `type: ['string', 'null']` means nullable.

export type Schema = { [keyword: string]: unknown };

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description?: string;
  schema: Schema;
}

export interface Response {
  description: string;
  headers?: Record<string, { description: string; schema: Schema }>;
  content?: Record<string, { schema: Schema; [extension: `x-${string}`]: unknown }>;
}

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; description?: string; content: Record<string, { schema: Schema }> };
  responses: Record<string, Response>;
  security?: Array<Record<string, string[]>>;
  [extension: `x-${string}`]: unknown;
}

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type PathItem = Partial<Record<Method, Operation>> & { parameters?: Parameter[] };

/**
 * One area of the API (packages, jobs, ...): its routes, keyed by the OpenAPI path (`{id}`, not
 * `:id`), and the component schemas it introduces. document.ts merges every area.
 */
export interface ApiArea {
  tag: { name: string; description: string };
  paths: Record<string, PathItem>;
  schemas: Record<string, Schema>;
}

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
export const nullable = (schema: Schema): Schema => ({ oneOf: [schema, { type: 'null' }] });
export const dateTime: Schema = { type: 'string', format: 'date-time' };
export const count: Schema = { type: 'integer', minimum: 0 };

/** A closed object: every property listed is required unless named in `optional`. */
export function object(properties: Record<string, Schema>, optional: string[] = [], description?: string): Schema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    properties,
    additionalProperties: false,
  };
}

export function json(description: string, schema: Schema, headers?: Response['headers']): Response {
  return { description, ...(headers ? { headers } : {}), content: { 'application/json': { schema } } };
}

export function jsonBody(schema: Schema, description?: string, required = true): Operation['requestBody'] {
  return { required, ...(description ? { description } : {}), content: { 'application/json': { schema } } };
}

export const idParameter = (what: string): Parameter => ({
  name: 'id',
  in: 'path',
  required: true,
  description: `The ${what}'s id.`,
  schema: { type: 'string', minLength: 1 },
});

export const pagingParameters: Parameter[] = [
  { name: 'limit', in: 'query', description: 'Page size; values past 500 are read as 500, 0 as 1. Anything but digits is 400 INVALID_PAGING.', schema: { type: 'integer', minimum: 0, maximum: 1_000_000_000, default: 50 } },
  { name: 'offset', in: 'query', description: 'Rows to skip.', schema: { type: 'integer', minimum: 0, maximum: 1_000_000_000, default: 0 } },
];

/** A paged list answer `{items, total}` of the named component. */
export const page = (item: string): Schema => object({ items: { type: 'array', items: ref(item) }, total: count });
