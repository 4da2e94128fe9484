/**
 * Progress on the terminal while a run goes: one line per finished scenario variant. Plain text when not
 * a TTY (CI logs) or when NO_COLOR is set.
 */
import { painter, STATUS_MARK } from "../../reports/writers/palette.ts";
import type { Reporter } from "../runner/run-events.ts";
import { UNLOADABLE_FILES_SUITE } from "./unloadable-files.ts";

/** Where progress goes: stderr, usually behind redaction. */
export interface TextSink {
  write(text: string): unknown;
}

export function createProgressReporter(stream: TextSink, color: boolean): Reporter {
  let done = 0;
  let total = 0;
  const paint = painter(color);
  const mark = (status: keyof typeof STATUS_MARK) => paint(STATUS_MARK[status][1], STATUS_MARK[status][0]);
  return {
    onRunStart({ total: t, target }) {
      total = t;
      stream.write(`scim-harness: ${t} scenario variant(s) against ${target.kind} ${target.url ?? ""}\n`);
    },
    onSuiteStart({ suite, total: n }) {
      if (suite === UNLOADABLE_FILES_SUITE)
        total += n; // errored entries beside the variants
      else if (suite !== "scenarios") stream.write(`scim-harness: ${suite}: ${n} to run\n`);
    },
    onContractCheckEnd(check) {
      if (check.status === "failed" || check.status === "errored")
        stream.write(
          `${mark(check.status)} ${check.id}${check.reason !== undefined ? `  (${check.reason})` : ""}\n`,
        );
    },
    onLog(line) {
      stream.write(`${line}\n`);
    },
    onScenarioEnd(result) {
      done++;
      const variant = result.variant === "default" ? "" : ` [${result.variant}]`;
      const reason =
        result.status === "notApplicable" || result.status === "errored" ? `  (${result.reason ?? ""})` : "";
      const counter = paint("gray", `${String(done).padStart(String(total).length)}/${total}`);
      stream.write(
        `${counter} ${mark(result.status)} ${result.id}${variant} ${paint("gray", `${result.durationMs}ms`)}${reason}\n`,
      );
    },
  };
}
