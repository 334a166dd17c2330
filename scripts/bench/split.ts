/**
 * `npm run bench:split` — cost of the traffic-split decision on the hot path (DESIGN.md budget: < 0.1 ms in
 * process, no database round trip). Prints ns per decision over 1,000,000 cryptographic rolls.
 */
import { decideArm } from "@/lib/routing/decide-arm";

const N = 1_000_000;
const config = { orgSplitEnabled: true, channelSplitEnabled: true, botPercent: 30 };
for (let i = 0; i < 10_000; i++) decideArm(config); // warm-up
const start = process.hrtime.bigint();
let bot = 0;
for (let i = 0; i < N; i++) if (decideArm(config).variant === "bot") bot++;
const ns = Number(process.hrtime.bigint() - start) / N;
console.log(`decideArm: ${ns.toFixed(0)} ns/decision (${(ns / 1e6).toFixed(5)} ms; budget 0.1 ms) — observed bot share ${((bot / N) * 100).toFixed(2)}% for bot_percent 30`);
