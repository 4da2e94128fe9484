/** `scim-harness run`: select scenarios, start the target, run, write reports, choose the exit code. */
import { randomBytes } from "node:crypto";
import { appendFile, readFile } from "node:fs/promises";
import { basename, relative } from "node:path";
import {
  applyBaseline,
  exitCodeFor,
  formatFirstScreen,
  formatSummary,
  redact,
  summarize,
  REPORT_FILE_NAMES,
  REPORT_SCHEMA_VERSION,
  type ReportFormat,
  type RunReport,
  type ApplyBaselineOptions,
} from "../../reports/index.ts";
import { loadBaselineInputs } from "../baseline/baseline-inputs.ts";
import { ConfigurationError, isHarnessError } from "../errors.ts";
import { expandVariants } from "../scenario/expand-variants.ts";
import { DEFAULT_SCENARIO_DIR, findScenarios } from "../scenario/find-scenarios.ts";
import { runSuites, type SuiteRunner } from "../runner/run-suites.ts";
import { randomSeed } from "../session/target-session.ts";
import type { Reporter } from "../runner/run-events.ts";
import { targetKindOf } from "../targets/resolve-target.ts";
import type { StartedScimTarget } from "../targets/scim-target.ts";
import { safeUrl } from "../targets/url-target.ts";
import { HARNESS_VERSION } from "../version.ts";
import { RULE_CATALOGUE } from "./rule-catalogue.ts";
import { createProgressReporter } from "./progress-reporter.ts";
import { checkOutDir, writeReportsOrFallback } from "./report-output.ts";
import { reportKept } from "./kept-resources.ts";
import type { KeptResource } from "../session/cleanup-registry.ts";
import { buildSuites, includesScenarios, type Suite } from "./suites.ts";
import { UNLOADABLE_FILES_SUITE, unloadableFilesSuite, unloadableOnlyReport } from "./unloadable-files.ts";
import { withRequirements } from "../../contracts/index.ts";
import { parseShard, selectShard, suiteOfShard, variantKey } from "./shard.ts";
import { printTargetLogs, reportStartError, startTarget, type TargetOptions } from "./start-target.ts";

export interface RunOptions extends TargetOptions {
  target: string;
  token?: string;
  tokenEnv: string;
  /** `--expired-token-env`: the variable holding a credential the target must refuse. */
  expiredTokenEnv?: string;
  scenario?: string[];
  scenarioDir?: string;
  idp?: string[];
  tag?: string[];
  seed?: number;
  runId?: string;
  reporter: string[];
  out: string;
  failOn: "error" | "warning";
  bail: boolean;
  /** `--keep`: leave what the run created on the target (URL targets), listed in kept.json. */
  keep?: boolean;
  /** Per-scenario progress lines; default only when stderr is a terminal. */
  progress?: boolean;
  /** Every detail after the first screen (each scenario, each finding with curl). */
  verbose?: boolean;
  timeout: number;
  concurrency: number;
  list: boolean;
  /** `i/n`: run only shard i of n. */
  shard?: string;
  /** Which suites to run (default all: the gate). */
  suite?: Suite;
  numRuns?: number;
  /** Time budget of each property suite, in seconds (`--time-budget`). */
  timeBudget?: number;
  check?: string[];
  saveCounterexamples?: string;
  /** An earlier report.json whose findings are known and do not fail this run. */
  baseline?: string;
  /** A waiver file, or false for `--no-waivers` (default: ./scim-harness.waivers.yaml when present). */
  waivers?: string | false;
}

/** Target log lines printed under a failing run's summary. */
const FAILURE_LOG_LINES = 20;

const REPORTERS = new Set(["console", "json", "junit", "html", "markdown", "badge"]);

const useColor = (stream: NodeJS.WriteStream) =>
  stream.isTTY === true && !("NO_COLOR" in process.env) && process.env["CI"] !== "true";

export async function runCommand(opts: RunOptions): Promise<number> {
  const err = (m: string) => process.stderr.write(`scim-harness: ${m}\n`);
  const unknown = opts.reporter.filter((r) => !REPORTERS.has(r));
  if (unknown.length > 0) {
    err(`unknown reporter ${unknown.join(", ")} (choose from ${[...REPORTERS].join(", ")})`);
    return 2;
  }
  if (opts.keep === true && targetKindOf(opts.target) !== "url") {
    err(
      `--keep: the ${targetKindOf(opts.target)} target stops with the run, and what it holds goes with it; --keep needs an http(s) target that outlives the run`,
    );
    return 2;
  }
  const outProblem =
    fileFormats(opts).length > 0 || opts.keep === true ? await checkOutDir(opts.out) : undefined;
  if (outProblem !== undefined) {
    err(outProblem); // before the run: a bad --out costs no run
    return 2;
  }
  const found = await findScenarios(opts.scenarioDir ?? DEFAULT_SCENARIO_DIR, {
    ...(opts.scenario !== undefined ? { patterns: opts.scenario } : {}),
    ...(opts.idp !== undefined ? { idp: opts.idp } : {}),
    ...(opts.tag !== undefined ? { tags: opts.tag } : {}),
  });
  for (const e of found.errors) err(`invalid scenario file: ${e.message}`);
  const all = found.scenarios.flatMap(({ scenario, file }) =>
    expandVariants(scenario, relative(process.cwd(), file)),
  );
  let suite: Suite | undefined = opts.suite ?? "all";
  let variants = includesScenarios(suite) ? all : [];
  if (opts.shard !== undefined) {
    try {
      const shard = parseShard(opts.shard);
      variants = selectShard(variants, shard, variantKey);
      suite = suiteOfShard(suite, shard);
    } catch (e) {
      if (!isHarnessError(e)) throw e;
      err(e.message);
      return 2;
    }
  }
  if (opts.list) {
    for (const { scenario, file } of found.scenarios) {
      const n = expandVariants(scenario).length;
      process.stdout.write(
        `${scenario.id.padEnd(44)} ${scenario.idp.padEnd(9)} ${String(n).padStart(2)} variant(s)  [${(scenario.tags ?? []).join(", ")}]  ${relative(process.cwd(), file)}\n`,
      );
    }
    process.stdout.write(`${found.scenarios.length} scenario(s), ${variants.length} variant(s)\n`);
    return found.errors.length > 0 ? 2 : 0;
  }
  const runId = opts.runId ?? randomBytes(3).toString("hex");
  if (suite === undefined || (variants.length === 0 && all.length > 0 && includesScenarios(suite))) {
    err(
      `shard ${opts.shard} has nothing to run (${all.length} scenario variant(s) in all); writing an empty report`,
    );
    const written = await writeReportsOrFallback(
      emptyReport(opts, runId),
      { outDir: opts.out, formats: fileFormats(opts), secrets: [] },
      err,
    );
    return found.errors.length > 0 || written.failed ? 2 : 0;
  }
  if (variants.length === 0 && includesScenarios(suite)) {
    if (found.errors.length === 0) {
      err("no scenario matches the selection (try --list)");
      return 2;
    }
    // Nothing to run, but the reports still name each file that could not be loaded (no target is started).
    err("no valid scenario selected: the reports list each file that could not be loaded");
    const report = await unloadableOnlyReport(emptyReport(opts, runId), found.errors);
    const written = await writeReportsOrFallback(
      report,
      { outDir: opts.out, formats: fileFormats(opts), secrets: [], failOn: opts.failOn },
      err,
    );
    if (opts.reporter.includes("console")) process.stdout.write(consoleText(report, opts, []));
    if (written.paths.length > 0)
      process.stdout.write(`reports: ${written.paths.map((p) => relative(process.cwd(), p)).join(", ")}\n`);
    return 2;
  }

  let baseline: ApplyBaselineOptions | undefined;
  try {
    baseline = await loadBaselineInputs({
      ...(opts.baseline !== undefined ? { baseline: opts.baseline } : {}),
      ...(opts.waivers !== undefined ? { waivers: opts.waivers } : {}),
    });
  } catch (e) {
    if (!isHarnessError(e)) throw e;
    err(e.message);
    return 2;
  }

  let suites: SuiteRunner[];
  try {
    suites = buildSuites({
      suite,
      scenarios: { variants, concurrency: opts.concurrency, bail: opts.bail },
      timeoutMs: opts.timeout,
      replayHint: (file) => replayCommand(opts, file),
      ...(opts.check !== undefined ? { checks: opts.check } : {}),
      ...(opts.numRuns !== undefined ? { numRuns: opts.numRuns } : {}),
      ...(opts.timeBudget !== undefined ? { timeLimitMs: opts.timeBudget * 1000 } : {}),
      ...(opts.saveCounterexamples !== undefined ? { saveCounterexamples: opts.saveCounterexamples } : {}),
    });
  } catch (e) {
    if (!isHarnessError(e)) throw e;
    err(e.message);
    return 2;
  }

  // Each file that could not be loaded is an errored entry in every report, after the variants that loaded.
  if (found.errors.length > 0) suites.push(unloadableFilesSuite(found.errors, variants.length));

  const seed = opts.seed ?? randomSeed();
  err(`seed ${seed} (--seed ${seed} sends the same requests again)`);

  const token = opts.token ?? (process.env[opts.tokenEnv] || undefined); // CI gives "" for an unset secret
  let expiredToken: { token: string; variable: string } | undefined;
  if (opts.expiredTokenEnv !== undefined) {
    const value = process.env[opts.expiredTokenEnv];
    if (!value) {
      err(`--expired-token-env ${opts.expiredTokenEnv}: the variable is not set or empty`);
      return 2;
    }
    if (value === token) {
      err(
        `--expired-token-env ${opts.expiredTokenEnv}: it holds the run's own token, not one the target must refuse`,
      );
      return 2;
    }
    expiredToken = { token: value, variable: opts.expiredTokenEnv };
  }
  const started = await startTarget(opts, token, runId, err);
  if (typeof started === "number") return started;
  const target: StartedScimTarget = started;
  const secrets = [token, target.token, expiredToken?.token].filter(
    (s): s is string => typeof s === "string" && s.length > 0,
  );
  // From here on every line for a person goes through redaction: a target's answers and logs may echo a token.
  const stderr = { write: (text: string) => process.stderr.write(redact(text, secrets)) };

  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    err(
      interrupts === 1
        ? `${signal}: finishing the scenarios in flight, then writing the report (again to stop now)`
        : `${signal}: stopping now`,
    );
    controller.abort();
    if (interrupts > 1) void emergencyReport(`stopped by ${signal}`).then(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  let kept: readonly KeptResource[] = [];
  let snapshot: (() => RunReport) | undefined;
  const reporters: Reporter[] = [];
  if (opts.reporter.includes("console") && (opts.progress ?? process.stderr.isTTY === true))
    reporters.push(createProgressReporter(stderr, useColor(process.stderr)));
  else
    // Off a terminal: no per-scenario lines, but what starts and what each suite says (CI logs never go silent).
    reporters.push({
      onRunStart: ({ total, target }) =>
        void stderr.write(
          `scim-harness: ${total} scenario variant(s) against ${target.kind} ${target.url ?? ""}\n`,
        ),
      onSuiteStart: ({ suite, total }) =>
        void (
          suite !== "scenarios" &&
          suite !== UNLOADABLE_FILES_SUITE &&
          stderr.write(`scim-harness: ${suite}: ${total} to run\n`)
        ),
      onLog: (line) => void stderr.write(`${line}\n`),
    });
  const formats = fileFormats(opts);

  let writeFailed = false;
  const write = async (report: RunReport) => {
    const written = await writeReportsOrFallback(
      report,
      { outDir: opts.out, formats, secrets, failOn: opts.failOn },
      (line) => err(redact(line, secrets)),
    );
    writeFailed ||= written.failed;
    const paths = written.paths;
    await appendStepSummary(paths);
    if (opts.reporter.includes("console")) process.stdout.write(consoleText(report, opts, secrets));
    if (paths.length > 0)
      process.stdout.write(`reports: ${paths.map((p) => relative(process.cwd(), p)).join(", ")}\n`);
  };
  const emergencyReport = async (reason: string) => {
    const report: RunReport = snapshot?.() ?? {
      ...emptyReport(opts, runId),
      target: { kind: target.kind },
    };
    report.run.incomplete = true;
    report.run.incompleteReason = [report.run.incompleteReason, reason].filter(Boolean).join("; ");
    try {
      await write(report);
    } catch (e) {
      err(`could not write the report: ${(e as Error).message}`);
    }
  };

  try {
    const report = await runSuites({
      target,
      suites,
      seed,
      runId,
      ...(expiredToken !== undefined ? { expiredToken } : {}),
      timeoutMs: opts.timeout,
      reporters,
      signal: controller.signal,
      command: ["scim-harness", ...process.argv.slice(2)].join(" "),
      rules: RULE_CATALOGUE,
      onBuilder: (build) => (snapshot = build),
      ...(opts.keep === true ? { keep: (resources: readonly KeptResource[]) => (kept = resources) } : {}),
      preflight: { tokenEnv: opts.tokenEnv },
      tokenVariable: opts.tokenEnv,
      onTokenIssued: (issued) => void secrets.push(issued), // redacted from every output from now on
      finalize: (raw: RunReport) =>
        withRequirements(baseline !== undefined ? applyBaseline(raw, baseline) : raw),
    });
    if (found.errors.length > 0) {
      // A file that could not be loaded is in every report: the run is incomplete, naming each file.
      report.run.incomplete = true;
      const files = found.errors.map((e) => e.message.split("\n")[0]).join("; ");
      const reason = `${found.errors.length} scenario file(s) could not be loaded: ${files}`;
      report.run.incompleteReason = [report.run.incompleteReason, reason].filter(Boolean).join("; ");
    }
    await write(report);
    if (found.errors.length > 0 || writeFailed) return 2;
    if (report.run.incomplete && controller.signal.aborted) return 130;
    const code = exitCodeFor(report, opts.failOn);
    if (code === 1) printLogTail(target, err, secrets);
    return code;
  } catch (e) {
    if (isHarnessError(e)) {
      reportStartError(e, err, secrets); // the message, and a target's last log lines when it has them
      if (e instanceof ConfigurationError) return 2;
      await emergencyReport(e.message);
      return 2;
    }
    await emergencyReport(`scim-harness crashed: ${(e as Error).message}`);
    throw e;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    // Also after an error: what the suites left is named, with the way to remove it.
    if (opts.keep === true && kept.length > 0)
      await reportKept(
        { target: safeUrl(target.baseUrl), tokenEnv: opts.tokenEnv, runId, resources: kept },
        opts.out,
        (line) => err(redact(line, secrets)),
      );
    await target.stop();
  }
}

/**
 * What the console shows at the end: the first screen (verdict, root causes, compatibility matrix), then
 * the tallies; with `--verbose` every scenario and finding in between.
 */
function consoleText(report: RunReport, opts: RunOptions, secrets: readonly string[]): string {
  const color = useColor(process.stdout);
  const first = formatFirstScreen(report, { color, secrets, failOn: opts.failOn });
  const detail = opts.verbose === true;
  return `${first}${formatSummary(report, { color, secrets, detail, failOn: opts.failOn })}\n`;
}

function fileFormats(opts: RunOptions): ReportFormat[] {
  return opts.reporter.filter((r): r is ReportFormat => r !== "console");
}

/** Appends summary.md to GitHub's job summary when the job has one (`GITHUB_STEP_SUMMARY`). */
async function appendStepSummary(paths: readonly string[]): Promise<void> {
  const target = process.env["GITHUB_STEP_SUMMARY"];
  const summary = paths.find((p) => basename(p) === REPORT_FILE_NAMES.markdown);
  if (!target || summary === undefined) return;
  await appendFile(target, `\n${await readFile(summary, "utf8")}`, "utf8");
}

/** The tail of a started target's logs, next to the failing findings; redacted (a target may log its token). */
function printLogTail(target: StartedScimTarget, err: (m: string) => void, secrets: string[]): void {
  printTargetLogs(target.logs().slice(-FAILURE_LOG_LINES), err, [target.token, ...secrets]);
}

/** The command that replays a saved counterexample against the target it failed on (token by variable). */
function replayCommand(opts: RunOptions, file: string): string {
  const target = /^https?:/i.test(opts.target) ? safeUrl(opts.target) : opts.target;
  const token = opts.token !== undefined || process.env[opts.tokenEnv] ? ` --token-env ${opts.tokenEnv}` : "";
  return `scim-harness run --target ${JSON.stringify(target)}${token} --suite scenarios --scenario ${file}`;
}

/** The report of a shard that got no variant, so `merge-reports` finds one report per shard. */
function emptyReport(opts: RunOptions, runId: string): RunReport {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: "scim-harness", version: HARNESS_VERSION },
    run: {
      id: runId,
      startedAt: new Date().toISOString(),
      durationMs: 0,
      seed: opts.seed ?? 0,
      incomplete: false,
    },
    target: { kind: targetKindOf(opts.target) },
    summary: summarize([]),
    scenarios: [],
    findings: [],
  };
}
