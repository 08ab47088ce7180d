// The report's questions: answers per interaction from the counts kept at commit time, the most
// common wrong responses, and each question's id, type and description.
import type { InteractionReport } from '../../../contract/reports.ts';
import { num, rate, round, type RowReader } from './report-sql.ts';

const WRONG_RESULTS = ['wrong', 'incorrect']; // 1.2 "wrong", 2004 "incorrect" (RTE 4.1.8 / 4.2.9)
const TOP_WRONG = 3;

/**
 * Per question, from the counts kept at commit time (interaction_stats): totals by result
 * class, and the most common wrong responses (by their first 100 characters) per question.
 */
export async function interactionReport(rows: RowReader, packageId: string): Promise<InteractionReport[]> {
  const wrongIn = WRONG_RESULTS.map(() => '?').join(', ');
  const groups = await rows(
    `SELECT item, ikey, cls, resp, n, cls_total FROM (
       SELECT item, ikey, cls, resp, n,
         SUM(n) OVER (PARTITION BY item, ikey, cls) AS cls_total,
         ROW_NUMBER() OVER (PARTITION BY item, ikey, cls ORDER BY n DESC, resp) AS rk
       FROM (
         SELECT item, ikey,
           CASE WHEN result = 'correct' THEN 'c' WHEN result IN (${wrongIn}) THEN 'w' ELSE 'o' END AS cls,
           CASE WHEN result IN (${wrongIn}) THEN resp END AS resp,
           SUM(n) AS n
         FROM (
           SELECT item_identifier AS item, interaction_key AS ikey, NULLIF(result, '') AS result, NULLIF(response_key, '') AS resp, n
           FROM interaction_stats
           WHERE package_id = ? AND n > 0
         ) by_response
         GROUP BY item, ikey, CASE WHEN result = 'correct' THEN 'c' WHEN result IN (${wrongIn}) THEN 'w' ELSE 'o' END, CASE WHEN result IN (${wrongIn}) THEN resp END
       ) by_class
     ) ranked_groups
     WHERE cls <> 'w' OR (rk <= ${TOP_WRONG} AND resp IS NOT NULL) OR rk = 1`,
    [...WRONG_RESULTS, ...WRONG_RESULTS, packageId, ...WRONG_RESULTS, ...WRONG_RESULTS],
  );
  const key = (item: unknown, ikey: unknown) => `${String(item)}\u0000${String(ikey)}`;
  const byQuestion = new Map<string, InteractionReport & { key: string }>();
  for (const g of groups) {
    const k = key(g.item, g.ikey);
    let q = byQuestion.get(k);
    if (!q) {
      q = { key: String(g.ikey), item_identifier: String(g.item), interaction_id: String(g.ikey), type: null, description: null, answered: 0, correct: 0, wrong: 0, correct_rate: null, common_wrong_responses: [] };
      byQuestion.set(k, q);
    }
    const n = num(g.n);
    if (g.cls === 'w') {
      q.wrong = num(g.cls_total);
      if (g.resp !== null && g.resp !== undefined && q.common_wrong_responses.length < TOP_WRONG) q.common_wrong_responses.push({ response: String(g.resp), count: n });
    } else if (g.cls === 'c') {
      q.correct = num(g.cls_total);
    }
  }
  const others = new Map<string, number>();
  for (const g of groups) if (g.cls === 'o') others.set(key(g.item, g.ikey), num(g.cls_total));
  const list = [...byQuestion.entries()].map(([k, q]) => {
    q.answered = q.correct + q.wrong + (others.get(k) ?? 0);
    q.correct_rate = round(rate(q.correct, q.answered));
    return q;
  });
  await describeQuestions(rows, packageId, list);
  return list.map(({ key: _key, ...q }) => q);
}

/** The full id, type and description of each question, from one of its rows (50 per query). */
async function describeQuestions(rows: RowReader, packageId: string, list: Array<InteractionReport & { key: string }>): Promise<void> {
  for (let i = 0; i < list.length; i += 50) {
    const chunk = list.slice(i, i + 50);
    const sql = chunk
      .map((_, j) => `SELECT * FROM (SELECT item_identifier, interaction_key, interaction_id, type, description FROM scorm_interactions WHERE package_id = ? AND item_identifier = ? AND interaction_key = ? LIMIT 1) q${j}`)
      .join(' UNION ALL ');
    const found = await rows(sql, chunk.flatMap((q) => [packageId, q.item_identifier, q.key]));
    const byKey = new Map(found.map((r) => [`${String(r.item_identifier)}\u0000${String(r.interaction_key)}`, r]));
    for (const q of chunk) {
      const r = byKey.get(`${q.item_identifier}\u0000${q.key}`);
      if (!r) continue;
      q.interaction_id = String(r.interaction_id);
      q.type = (r.type as string | null) ?? null;
      q.description = (r.description as string | null) ?? null;
    }
  }
}
