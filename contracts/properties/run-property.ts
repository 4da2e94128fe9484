/**
 * Runs one property-based suite with fast-check against a target and folds the outcome into a
 * `PropertyResult`: seed, fast-check path, shrunk counterexample, a finding, and a replayable scenario.
 */
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import type { Finding, FindingDraft, PropertyResult, RuleDefinition } from "../../reports/index.ts";
import type { Exchange } from "../../harness/http/exchange.ts";
import { toCurl } from "../../harness/http/exchange.ts";
import type { ScimClient } from "../../harness/http/scim-client.ts";
import type { Scenario } from "../../harness/scenario/scenario-schema.ts";
import type { ResourceTypeSchemas } from "../../harness/scim/schema-types.ts";
import { TargetSession } from "../../harness/session/target-session.ts";
import type { StartedScimTarget } from "../../harness/targets/scim-target.ts";
import type { Discovery } from "../checks/contract-context.ts";
import { ScenarioRecorder } from "./scenario-recorder.ts";
import type { RequestStep } from "./scenario-recorder.ts";

/** The time budget of one property when none is given: generating and shrinking stop after it. */
export const DEFAULT_PROPERTY_TIME_LIMIT_MS = 20_000;

/** Options every property runner takes. */
export interface PropertyRunOptions {
  target: StartedScimTarget;
  /** The run's session (discovery, exchange store); without it the property opens its own. */
  session?: TargetSession;
  /** fast-check seed (default random; always reported). */
  seed?: number;
  /** Cases to generate (default: the suite's own). */
  numRuns?: number;
  /** Replays one case: the `path` of an earlier failure, with its `seed`. */
  path?: string;
  signal?: AbortSignal;
  /** Stop generating and shrinking after this long (default 20 000 ms; `--time-budget`). */
  timeLimitMs?: number;
  /** Per-request timeout (default 10 000 ms). */
  timeoutMs?: number;
  /** The target accepts the non-RFC PATCH forms Entra and JumpCloud send (default true) [S2], B1–B5. */
  idpTolerant?: boolean;
  /** Short id in resource names (default random hex). */
  runId?: string;
}

/** What a property case sees. */
export interface PropertyEnv {
  client: ScimClient;
  discovery: Discovery;
  /** The User resource type the target declares (the oracles follow it). */
  userType: ResourceTypeSchemas;
  idpTolerant: boolean;
  /** Does the User schema declare this attribute (lower-case dotted)? Unknown schema → yes. */
  declares(name: string): boolean;
  /** Does the User resource type have this enterprise extension attribute (RFC 7643 §4.3)? */
  enterprise(name: string): boolean;
  /**
   * Records an RFC-correct refusal of an IdP form (Entra's `"False"`, a capitalised `op`, …): no failure
   * of the property (the case goes on), but a finding under the IdP rule the scenarios use for it.
   */
  noteIdp(note: IdpNote): void;
}

/**
 * Why one case failed: the finding draft every suite emits (`reports/finding-draft.ts`), under the
 * property's own rule id unless `rule` names the IdP rule of a form the case sent (an SP that accepts
 * an IdP form with 2xx but does not apply it: the same rule the scenarios report it under, e.g.
 * `entra.patch-applied`); `exchange` becomes `exchangeIds` and the curl line.
 */
export interface CaseFailure extends Omit<FindingDraft, "ruleId" | "exchangeIds" | "severity" | "title"> {
  title: string;
  exchange?: Exchange;
  evidence?: string[];
  /** The catalogued IdP rule this failure is reported under (title and severity from it). */
  rule?: RuleDefinition;
}

/** An RFC-correct answer that an IdP cannot live with, under that IdP's catalogued rule. */
export interface IdpNote extends Omit<CaseFailure, "rule"> {
  rule: RuleDefinition;
}

/** One property suite. */
export interface PropertyDefinition<T> {
  id: string;
  title: string;
  rfc: string;
  defaultNumRuns: number;
  /** A reason the property cannot run on this target, or undefined. */
  notApplicable?(env: PropertyEnv): string | undefined;
  /** Why generated cases could not exercise the target (skipped with `fc.pre`, never passed): reason → count. */
  notRun?(env: PropertyEnv): ReadonlyMap<string, number>;
  arbitrary(env: PropertyEnv): fc.Arbitrary<T>;
  /** Runs one case, recording its requests; returns the failure, if any. The runner cleans up after it. */
  execute(input: T, env: PropertyEnv, recorder: ScenarioRecorder): Promise<CaseFailure | undefined>;
}

/** Thrown from the predicate so fast-check shrinks; carries the case's failure and recorded steps. */
class CaseFailed extends Error {
  constructor(
    readonly failure: CaseFailure,
    readonly steps: RequestStep[],
  ) {
    super(failure.message);
    this.name = "CaseFailed";
  }
}

/** What `PropertyResult.counterexample` holds for a failed property. */
export interface Counterexample {
  /** fast-check's rendering of the shrunk input. */
  case: string;
  /** A scenario of `request` steps that replays the case (see `saveCounterexample`). */
  scenario: Scenario;
}

function scenarioOf(
  definition: PropertyDefinition<unknown>,
  seed: number,
  steps: RequestStep[],
  needsGroups: boolean,
): Scenario {
  return {
    id: `counterexample/${definition.id.replace(/^property\./, "")}-${seed}`,
    title: `${definition.title}: shrunk counterexample (seed ${seed})`,
    description: `Written by scim-harness from a failing property (${definition.rfc}). Replays the minimal case as raw requests; the steps with an expectation that the target broke fail.`,
    idp: "entra",
    tags: ["counterexample", definition.id],
    appliesTo: needsGroups ? ["users", "groups"] : ["users"],
    steps,
  };
}

/** Runs one property against a target. Never throws for target misbehaviour. */
export async function runProperty<T>(
  definition: PropertyDefinition<T>,
  options: PropertyRunOptions,
): Promise<PropertyResult> {
  const seed = options.seed ?? options.session?.seed ?? randomBytes(4).readUInt32BE(0) % 2 ** 31;
  const numRuns = options.numRuns ?? definition.defaultNumRuns;
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_PROPERTY_TIME_LIMIT_MS;
  const own =
    options.session === undefined
      ? await openOwnSession(options).catch((error: unknown) => error as Error)
      : undefined;
  const result: PropertyResult = {
    id: definition.id,
    title: definition.title,
    status: "passed",
    seed,
    numRuns: 0,
    numRunsRequested: numRuns,
    timeLimitMs,
    findings: [],
  };
  if (own instanceof Error) return couldNotRun(definition, result, own.stack ?? own.message);
  const session = (options.session ?? own)!;
  const runId = options.runId ?? session.runId;
  const client = session.client({
    idPrefix: `p.${definition.id.replace(/^property\./, "")}.`,
    timeoutMs: options.timeoutMs ?? 10_000,
  });
  try {
    const discovery = session.discovery;
    const notes = new Map<string, { note: IdpNote; count: number }>();
    const env: PropertyEnv = {
      client,
      discovery,
      userType: discovery.userType,
      idpTolerant: options.idpTolerant ?? true,
      declares: (name) => discovery.declares(name),
      enterprise: (name) => discovery.enterprise(name),
      noteIdp(note) {
        const key = `${note.rule.id}\n${note.title}`;
        const seen = notes.get(key);
        if (seen !== undefined) seen.count++;
        else notes.set(key, { note, count: 1 });
      },
    };
    const reason = definition.notApplicable?.(env);
    if (reason !== undefined) {
      result.status = "notApplicable";
      result.reason = reason;
      result.findings.push({
        id: `${definition.id}.na`,
        ruleId: definition.id,
        severity: "info",
        title: `Not applicable: ${definition.title}`,
        message: reason,
        exchangeIds: [],
      });
      return result;
    }
    let cases = 0;
    // fast-check's time limit races a running case and returns without waiting for it: the cases still
    // running are awaited after fc.check, so that their cleanup has run before the property reports.
    const running = new Set<Promise<unknown>>();
    const property = fc.asyncProperty(definition.arbitrary(env), async (input) => {
      if (options.signal?.aborted === true) return;
      const recorder = new ScenarioRecorder(
        client,
        `scimh-${runId}-${definition.id.replace(/^property\./, "").slice(0, 1)}${++cases}-`,
      );
      const run = (async () => {
        try {
          return await definition.execute(input, env, recorder);
        } finally {
          await recorder.cleanup();
        }
      })();
      running.add(run);
      let failure: CaseFailure | undefined;
      try {
        failure = await run;
      } finally {
        running.delete(run);
      }
      if (failure !== undefined) throw new CaseFailed(failure, recorder.steps);
    });
    const details = (await fc.check(property, {
      seed,
      numRuns,
      ...(options.path !== undefined ? { path: options.path } : {}),
      plugins: [fc.interruptAfterTimeLimit(timeLimitMs)],
      // A target that refuses every generated case would otherwise be sent 100 skips per run.
      maxSkipsPerRun: 10,
    })) as fc.RunDetails<[T]>;
    await Promise.allSettled([...running]);
    result.numRuns = details.numRuns;
    [...notes.values()].forEach(({ note, count }, i) =>
      result.findings.push(idpFinding(definition, note, count, i + 1, seed)),
    );
    const notRun = definition.notRun?.(env);
    const notRunNote = notRun === undefined ? undefined : notRunFinding(definition, notRun, details.numSkips);
    if (notRunNote !== undefined) result.findings.push(notRunNote);
    if (!details.failed && details.numRuns === 0) {
      const why =
        options.signal?.aborted === true
          ? "the run was interrupted before the first case"
          : details.interrupted
            ? `the time budget of ${timeLimitMs} ms ran out before the first case finished`
            : notRun !== undefined && notRun.size > 0
              ? `no generated case could run (${[...notRun].map(([r, n]) => `${n} × ${r}`).join("; ")})`
              : "no generated case could run";
      return couldNotRun(definition, result, `${why}: 0 of ${numRuns} case(s) ran`);
    }
    if (!details.failed) {
      const stopped =
        options.signal?.aborted === true
          ? "the run was interrupted"
          : details.interrupted
            ? `the time limit of ${timeLimitMs} ms was reached`
            : undefined;
      if (stopped !== undefined) {
        result.findings.push({
          id: `${definition.id}.i1`,
          ruleId: definition.id,
          severity: "info",
          title: `${definition.title}: stopped early`,
          message: `${stopped} after ${details.numRuns} of ${numRuns} case(s); none failed.`,
          exchangeIds: [],
        });
      }
      return result;
    }
    const error = details.errorInstance;
    if (!(error instanceof CaseFailed)) {
      const message =
        error instanceof Error
          ? (error.stack ?? error.message)
          : `fast-check stopped: ${details.interrupted ? "interrupted" : "too many skipped cases"}`;
      return couldNotRun(definition, result, message);
    }
    result.status = "failed";
    if (details.counterexamplePath !== null) result.path = details.counterexamplePath;
    const shown = fc.stringify(details.counterexample?.[0]);
    const counterexample: Counterexample = {
      case: shown,
      scenario: scenarioOf(
        definition as PropertyDefinition<unknown>,
        seed,
        error.steps,
        error.steps.some((s) => s.path.startsWith("/Groups")),
      ),
    };
    result.counterexample = counterexample;
    result.findings.unshift(findingOf(definition, error.failure, seed, details, shown));
    return result;
  } catch (error) {
    return couldNotRun(definition, result, (error as Error).stack ?? String(error));
  } finally {
    await client.close();
    if (own !== undefined) await own.close();
  }
}

/** The info finding that lists what did not run (and so did not pass), or undefined when everything ran. */
function notRunFinding<T>(
  definition: PropertyDefinition<T>,
  notRun: ReadonlyMap<string, number>,
  skips: number,
): Finding | undefined {
  if (notRun.size === 0) return undefined;
  const lines = [...notRun].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${n} × ${reason}`);
  return {
    id: `${definition.id}.nr1`,
    ruleId: definition.id,
    severity: "info",
    title: `${definition.title}: not everything generated could run`,
    message: `Not run (not passed): ${lines.join("; ")}. fast-check skipped ${skips} case(s).`,
    rfc: definition.rfc,
    exchangeIds: [],
  };
}

async function openOwnSession(options: PropertyRunOptions): Promise<TargetSession> {
  return TargetSession.open({
    target: options.target,
    ...(options.runId !== undefined ? { runId: options.runId } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    timeoutMs: options.timeoutMs ?? 10_000,
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });
}

/** The property could not exercise the target: errored, with the reason, never a pass. */
function couldNotRun<T>(
  definition: PropertyDefinition<T>,
  result: PropertyResult,
  why: string,
): PropertyResult {
  result.status = "errored";
  result.reason = why.split("\n")[0]!;
  result.findings.push({
    id: `${definition.id}.e1`,
    ruleId: definition.id,
    severity: "warning",
    title: `Property could not run: ${definition.title}`,
    message: why,
    exchangeIds: [],
  });
  return result;
}

function findingOf<T>(
  definition: PropertyDefinition<T>,
  failure: CaseFailure,
  seed: number,
  details: fc.RunDetails<[T]>,
  shown: string,
): Finding {
  const path = details.counterexamplePath ?? "";
  return {
    id: `${definition.id}.f1`,
    ruleId: failure.rule?.id ?? definition.id,
    severity: failure.rule?.severity ?? "error",
    title: `${failure.rule !== undefined ? `${failure.rule.title} (${definition.id})` : definition.title}: ${failure.title}`,
    message:
      `${failure.message}\n` +
      `Found after ${details.numRuns} case(s), shrunk ${details.numShrinks} time(s)${details.interrupted ? " (time limit reached while shrinking)" : ""}. ` +
      `Seed ${seed}, path "${path}". Shrunk counterexample: ${shown}. ` +
      `Reproduce with --seed ${seed} (or seed + path), or replay the saved counterexample scenario.`,
    ...(failure.expected !== undefined ? { expected: failure.expected } : {}),
    ...(failure.actual !== undefined ? { actual: failure.actual } : {}),
    rfc:
      failure.rule !== undefined
        ? (failure.rfc ?? failure.rule.source.rfc ?? definition.rfc)
        : definition.rfc,
    ...(failure.evidence !== undefined && failure.evidence.length > 0 ? { evidence: failure.evidence } : {}),
    exchangeIds: failure.exchange !== undefined ? [failure.exchange.id] : [],
    ...(failure.exchange !== undefined ? { curl: toCurl(failure.exchange) } : {}),
  };
}

/** The finding of an IdP note: the IdP rule's severity, how many cases met it, the first exchange. */
function idpFinding<T>(
  definition: PropertyDefinition<T>,
  note: IdpNote,
  count: number,
  n: number,
  seed: number,
): Finding {
  const rfc = note.rfc ?? note.rule.source.rfc;
  return {
    id: `${definition.id}.c${n}`,
    ruleId: note.rule.id,
    severity: note.rule.severity,
    title: `${note.rule.title} (${definition.id}): ${note.title}`,
    message: `${note.message}\n${count} case(s) met this (seed ${seed}); not a failure of ${definition.id}: RFC 7643/7644 allow this answer, the IdP does not.`,
    ...(note.expected !== undefined ? { expected: note.expected } : {}),
    ...(note.actual !== undefined ? { actual: note.actual } : {}),
    ...(rfc !== undefined ? { rfc } : {}),
    ...(note.evidence !== undefined && note.evidence.length > 0 ? { evidence: note.evidence } : {}),
    exchangeIds: note.exchange !== undefined ? [note.exchange.id] : [],
    ...(note.exchange !== undefined ? { curl: toCurl(note.exchange) } : {}),
  };
}
