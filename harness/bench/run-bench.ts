/** `npm run bench`: prints throughput figures next to a baseline library run in the same process. */
import { formatRows, generateUsers, runFilterBench } from "./filter-bench.ts";

const users = generateUsers(100_000);
process.stdout.write(`node ${process.version}, ${users.length.toLocaleString("en-US")} generated users\n\n`);
// Warm-up so both sides run JIT-compiled code.
runFilterBench(users.slice(0, 5_000));
process.stdout.write(
  formatRows("Filter parse + evaluate (baseline: scim2-parse-filter 0.2.10)", runFilterBench(users)) + "\n",
);
