// Package reports (contract/reports.ts): the JSON report and the CSV of one row per registration.
import { count, dateTime, idParameter, json, object, ref, type ApiArea, type Schema } from './define.ts';
import { errors } from './errors.ts';

const rate: Schema = { type: ['number', 'null'], minimum: 0, maximum: 1, description: 'null when nothing to divide by.' };
const average: Schema = { type: ['number', 'null'] };

export const reportsArea: ApiArea = {
  tag: { name: 'reports', description: 'Figures of a package over its registrations.' },
  schemas: {
    ScoReport: object({
      item_identifier: { type: 'string' }, title: { type: 'string' }, learners: count, attempts: count,
      completed: count, completion_rate: rate, passed: count, failed: count, pass_rate: rate,
      average_score: average, average_time_seconds: average,
    }),
    InteractionReport: object({
      item_identifier: { type: 'string' }, interaction_id: { type: 'string' },
      type: { type: ['string', 'null'] }, description: { type: ['string', 'null'] },
      answered: count, correct: count, wrong: count, correct_rate: rate,
      common_wrong_responses: { type: 'array', items: object({ response: { type: 'string' }, count }) },
    }),
    PackageReport: object({
      package_id: { type: 'string' }, generated_at: dateTime,
      registrations: count, learners: count, started: count, attempts: count,
      completed: count, completion_rate: rate, passed: count, failed: count, pass_rate: rate,
      score: object({
        count,
        average,
        histogram: { type: 'array', items: object({ from: { type: 'number' }, to: { type: 'number' }, count }) },
      }),
      average_time_seconds: average,
      scos: { type: 'array', items: ref('ScoReport') },
      interactions: { type: 'array', items: ref('InteractionReport') },
    }),
  },
  paths: {
    '/api/v1/packages/{id}/report': {
      parameters: [idParameter('package')],
      get: {
        operationId: 'getPackageReport',
        summary: 'The package report: learners, attempts, rates, score distribution, per-SCO and per-interaction figures',
        tags: ['reports'],
        responses: { '200': json('The report.', ref('PackageReport')), ...errors({ 404: ['PACKAGE_NOT_FOUND'] }) },
      },
    },
    '/api/v1/packages/{id}/report.csv': {
      parameters: [idParameter('package')],
      get: {
        operationId: 'getPackageReportCsv',
        summary: 'One CSV row per registration (streamed)',
        tags: ['reports'],
        responses: {
          '200': { description: 'CSV with a header row (`Content-Disposition: attachment`).', content: { 'text/csv': { schema: { type: 'string' } } } },
          ...errors({ 404: ['PACKAGE_NOT_FOUND'] }),
        },
      },
    },
  },
};
