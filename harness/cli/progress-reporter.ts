/**
 * Progress on the terminal while a run goes: one line per finished scenario variant. Plain text when not
 * a TTY (CI logs) or when NO_COLOR is set.
 */
import type { ScenarioResult } from "../../reports/index.ts";
import type { Reporter } from "../runner/run-events.ts";

const ICON: Record<ScenarioResult["status"], string> = {
  passed: "✓",
  failed: "✗",
  errored: "!",
  notApplicable: "–",
};
const COLOR: Record<ScenarioResult["status"], number> = {
  passed: 32,
  failed: 31,
  errored: 33,
  notApplicable: 90,
};

export function createProgressReporter(stream: NodeJS.WriteStream, color: boolean): Reporter {
  let done = 0;
  let total = 0;
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[39m` : text);
  return {
    onRunStart({ total: t, target }) {
      total = t;
      stream.write(`scim-harness: ${t} scenario variant(s) against ${target.kind} ${target.url ?? ""}\n`);
    },
    onSuiteStart({ suite, total: n }) {
      if (suite !== "scenarios") stream.write(`scim-harness: ${suite}: ${n} to run\n`);
    },
    onContractCheckEnd(check) {
      if (check.status === "failed" || check.status === "errored")
        stream.write(
          `${paint(check.status === "failed" ? COLOR.failed : COLOR.errored, check.status === "failed" ? ICON.failed : ICON.errored)} ${check.id}${check.reason !== undefined ? `  (${check.reason})` : ""}\n`,
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
      const counter = paint(90, `${String(done).padStart(String(total).length)}/${total}`);
      stream.write(
        `${counter} ${paint(COLOR[result.status], ICON[result.status])} ${result.id}${variant} ${paint(90, `${result.durationMs}ms`)}${reason}\n`,
      );
    },
  };
}
