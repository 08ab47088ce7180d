// Validates xAPI statements against test/xapi/xapi-statement.schema.json (ajv, JSON Schema
// draft-07), plus the one rule a schema cannot say: a raw score lies between min and max.
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import formats from 'ajv-formats';

// ajv-formats is CommonJS: its module.exports is the plugin, which TypeScript types as `.default`.
const addFormats = formats as unknown as typeof formats.default;

const schema = JSON.parse(readFileSync(new URL('./xapi-statement.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The problems of one statement; empty when it is valid. */
export function statementProblems(statement: unknown): string[] {
  const problems = validate(statement) ? [] : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  const score = (statement as { result?: { score?: { raw?: number; min?: number; max?: number } } })?.result?.score;
  if (score?.raw !== undefined && ((score.min !== undefined && score.raw < score.min) || (score.max !== undefined && score.raw > score.max))) {
    problems.push('/result/score raw must lie between min and max (Data 2.4.5.1.1)');
  }
  return problems;
}

export function assertValidStatements(statements: readonly unknown[]): void {
  statements.forEach((statement, index) => {
    const problems = statementProblems(statement);
    if (problems.length > 0) throw new Error(`statement ${index} is not valid xAPI 1.0.3:\n  ${problems.join('\n  ')}\n${JSON.stringify(statement, null, 2)}`);
  });
}
