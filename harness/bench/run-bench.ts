/**
 * `npm run bench`: prints filter throughput next to a baseline library run in the same process, then the
 * fake SP's lookup latency (1k vs 100k users) and its POST / GET throughput next to a trivial node:http
 * server (see fake-bench.ts), then the goals of the harness as a load generator and of the fake (goal-bench.ts),
 * then the recording proxy's overhead next to a direct baseline (proxy-bench.ts).
 */
import { formatFakeBench, runFakeBench } from "./fake-bench.ts";
import { formatGoals, runGoalBench } from "./goal-bench.ts";
import { formatRows, generateUsers, runFilterBench } from "./filter-bench.ts";
import { formatProxyBench, runProxyBench } from "../record/proxy-bench.ts";

const users = generateUsers(100_000);
process.stdout.write(`node ${process.version}, ${users.length.toLocaleString("en-US")} generated users\n\n`);
// Warm-up so both sides run JIT-compiled code.
runFilterBench(users.slice(0, 5_000));
process.stdout.write(
  formatRows("Filter parse + evaluate (baseline: scim2-parse-filter 0.2.10)", runFilterBench(users)) + "\n\n",
);
process.stdout.write("Fake SP (this takes about 30 s)…\n\n");
const fake = await runFakeBench();
process.stdout.write(formatFakeBench(fake) + "\n\n");
process.stdout.write("Goals (about 25 s more)…\n\n");
process.stdout.write(formatGoals(await runGoalBench(fake)) + "\n");
process.stdout.write(`\n${formatProxyBench(await runProxyBench())}\n`);
