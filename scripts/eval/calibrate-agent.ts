/**
 * `npm run calibrate:agent` — fits the answering engine's confidence (lib/agent/calibration.ts) on the labelled
 * development set (issue 14 item 5): each on-topic and off-topic question is retrieved against the demo knowledge base
 * (help centre + internal guidance, PGlite), labelled 1 when the best customer-facing article is the expected answer
 * and 0 otherwise (a wrong article or an off-topic message), and a logistic regression (ml-logistic-regression) over
 * the confidence features is fitted and written to lib/agent/calibration.json. Prints the fit and the resulting
 * confidence distribution; requests for a person and angry messages are decided by rules, not by confidence.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import LogisticRegression from "ml-logistic-regression";
import { Matrix } from "ml-matrix";
import { openPglite } from "@/db/client";
import { calibratedConfidence, FEATURE_NAMES, type Calibration } from "@/lib/agent/calibration";
import { confidenceFeatures } from "@/lib/agent/engine";
import { expectedTopic, loadDevSet } from "@/lib/agent/eval/dev-set";
import { retrieveArticles } from "@/lib/agent/retrieve";
import { seedDemoOrg } from "@/lib/demo/seed-demo-org";

const handle = await openPglite();
const org = await seedDemoOrg(handle.db, { slug: "calibrate", emailDomain: "calibrate.tandem.test" });
const items = loadDevSet().filter((i) => i.kind === "on_topic" || i.kind === "off_topic");
const rows: { x: number[]; y: number; kind: string }[] = [];
for (const item of items) {
  const found = await retrieveArticles(handle.db, { orgId: org.orgId, text: item.text, limit: 8 });
  const customer = found.filter((a) => a.audience === "customer");
  const features = confidenceFeatures(customer) ?? { score: 0, margin: 0, questionSimilarity: 0, coverage: 0 };
  const right = item.kind === "on_topic" && customer[0]?.topicKey === expectedTopic(item);
  rows.push({ x: FEATURE_NAMES.map((f) => features[f]), y: right ? 1 : 0, kind: item.kind });
}
const X = new Matrix(rows.map((r) => [1, ...r.x]));
const Y = Matrix.columnVector(rows.map((r) => r.y));
const model = new LogisticRegression({ numSteps: 40_000, learningRate: 5e-3 });
model.train(X, Y);
// classifier 0 separates class 0 from the rest: its score is P(y = 1)
const fittedWeights = (model.classifiers[0]!.weights as Matrix).to1DArray();
// The operating point: a wrong answer costs far more than a hand-over, so the bias is shifted until the agent's 0.7
// threshold answers wrongly (or off-topic) for at most WRONG_BUDGET of the on-topic questions — the "wrong ≤ 2 %"
// with room for the held-out set.
const WRONG_BUDGET = 0.02;
const THRESHOLD = 0.7;
const z = rows.map((r) => fittedWeights.slice(1).reduce((sum, w, i) => sum + w * r.x[i]!, fittedWeights[0]!));
const onTopic = rows.filter((r) => r.kind === "on_topic").length;
const bad = rows.map((r, i) => ({ z: z[i]!, bad: r.y === 0 })).filter((r) => r.bad).sort((a, b) => b.z - a.z);
const allowed = Math.floor(WRONG_BUDGET * onTopic);
// the cut sits just above the (allowed + 1)-th highest-scoring bad item
const cut = bad.length > allowed ? bad[allowed]!.z + 1e-3 : Number.NEGATIVE_INFINITY;
const logit = Math.log(THRESHOLD / (1 - THRESHOLD));
const shift = Number.isFinite(cut) ? Math.max(0, cut - logit) : 0;
const weights = [fittedWeights[0]! - shift, ...fittedWeights.slice(1)].map((w) => Math.round(w * 1000) / 1000);
const calibration: Calibration = { weights, fittedOn: `db/seed-data/agent-eval/dev-set.json (${rows.length} on-/off-topic items)`, fittedAt: new Date().toISOString().slice(0, 10), examples: rows.length };
// the operating point must hold for the confidence exactly as the engine computes it (rounded weights, 3 decimals)
const features = (r: (typeof rows)[number]) => Object.fromEntries(FEATURE_NAMES.map((f, i) => [f, r.x[i]!])) as never;
const badAtThreshold = () => rows.filter((r) => r.y === 0 && calibratedConfidence(features(r), calibration) >= THRESHOLD).length;
while (badAtThreshold() > allowed) calibration.weights[0] = Math.round((calibration.weights[0]! - 0.01) * 1000) / 1000;
writeFileSync(path.join(import.meta.dirname, "../../lib/agent/calibration.json"), `${JSON.stringify(calibration, null, 2)}\n`);

const conf = rows.map((r) => calibratedConfidence(features(r), calibration));
const share = (pred: (c: number, r: (typeof rows)[number]) => boolean, of: (r: (typeof rows)[number]) => boolean) => {
  const set = rows.map((r, i) => [r, conf[i]!] as const).filter(([r]) => of(r));
  return `${set.filter(([r, c]) => pred(c, r)).length}/${set.length}`;
};
console.log(`fitted bias ${fittedWeights[0]!.toFixed(3)}, shifted by ${shift.toFixed(3)} so at most ${allowed} bad items reach ${THRESHOLD}`);
console.log(`weights [bias, ${FEATURE_NAMES.join(", ")}] = ${JSON.stringify(calibration.weights)}`);
console.log(`right answer ranked first: ${share(() => true, (r) => r.y === 1)} items; of them ≥ 0.7: ${share((c) => c >= 0.7, (r) => r.y === 1)}`);
console.log(`wrong first article ≥ 0.7 (would answer wrongly): ${share((c) => c >= 0.7, (r) => r.y === 0 && r.kind === "on_topic")}`);
console.log(`off-topic < 0.4: ${share((c) => c < 0.4, (r) => r.kind === "off_topic")}`);
await handle.close();
