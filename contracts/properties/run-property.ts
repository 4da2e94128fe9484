/**
 * Runs one property-based suite with fast-check against a target and folds the outcome into a
 * `PropertyResult`: seed, fast-check path, shrunk counterexample, a finding, and a replayable scenario.
 */
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import type { Finding, PropertyResult } from "../../reports/index.ts";
import type { Exchange } from "../../harness/http/exchange.ts";
import { toCurl } from "../../harness/http/exchange.ts";
import { createScimClient } from "../../harness/http/scim-client.ts";
import type { ScimClient } from "../../harness/http/scim-client.ts";
import type { Scenario } from "../../harness/scenario/scenario-schema.ts";
import { resolveAttribute } from "../../harness/scim/schema-types.ts";
import type { ResourceTypeSchemas } from "../../harness/scim/schema-types.ts";
import { SCHEMA_ENTERPRISE_USER } from "../../harness/scim/schemas.ts";
import type { StartedScimTarget } from "../../harness/targets/scim-target.ts";
import { readDiscovery } from "../checks/contract-context.ts";
import type { Discovery } from "../checks/contract-context.ts";
import { ScenarioRecorder } from "./scenario-recorder.ts";
import { userResourceType } from "./target-schema.ts";
import type { RequestStep } from "./scenario-recorder.ts";

/** Options every property runner takes. */
export interface PropertyRunOptions {
  target: StartedScimTarget;
  /** fast-check seed (default random; always reported). */
  seed?: number;
  /** Cases to generate (default: the suite's own). */
  numRuns?: number;
  /** Replays one case: the `path` of an earlier failure, with its `seed`. */
  path?: string;
  signal?: AbortSignal;
  /** Stop generating and shrinking after this long (default 20 000 ms). */
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
}

/** Why one case failed. */
export interface CaseFailure {
  title: string;
  message: string;
  expected?: unknown;
  actual?: unknown;
  exchange?: Exchange;
  evidence?: string[];
}

/** One property suite. */
export interface PropertyDefinition<T> {
  id: string;
  title: string;
  rfc: string;
  defaultNumRuns: number;
  /** A reason the property cannot run on this target, or undefined. */
  notApplicable?(env: PropertyEnv): string | undefined;
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
  const seed = options.seed ?? randomBytes(4).readUInt32BE(0) % 2 ** 31;
  const numRuns = options.numRuns ?? definition.defaultNumRuns;
  const runId = options.runId ?? randomBytes(3).toString("hex");
  const client = createScimClient({
    baseUrl: options.target.baseUrl,
    token: options.target.token,
    timeoutMs: options.timeoutMs ?? 10_000,
    idPrefix: "p",
  });
  const result: PropertyResult = {
    id: definition.id,
    title: definition.title,
    status: "passed",
    seed,
    numRuns: 0,
    numRunsRequested: numRuns,
    timeLimitMs: options.timeLimitMs ?? 20_000,
    findings: [],
  };
  try {
    const discovery = await readDiscovery(client);
    const userType = userResourceType(discovery);
    const env: PropertyEnv = {
      client,
      discovery,
      userType,
      idpTolerant: options.idpTolerant ?? true,
      declares: (name) => discovery.userAttributes?.has(name.toLowerCase()) ?? true,
      enterprise: (name) => resolveAttribute(userType, { uri: SCHEMA_ENTERPRISE_USER, name }) !== undefined,
    };
    const reason = definition.notApplicable?.(env);
    if (reason !== undefined) {
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
    const property = fc.asyncProperty(definition.arbitrary(env), async (input) => {
      if (options.signal?.aborted === true) return;
      const recorder = new ScenarioRecorder(
        client,
        `scimh-${runId}-${definition.id.replace(/^property\./, "").slice(0, 1)}${++cases}-`,
      );
      let failure: CaseFailure | undefined;
      try {
        failure = await definition.execute(input, env, recorder);
      } finally {
        await recorder.cleanup();
      }
      if (failure !== undefined) throw new CaseFailed(failure, recorder.steps);
    });
    const details = (await fc.check(property, {
      seed,
      numRuns,
      ...(options.path !== undefined ? { path: options.path } : {}),
      plugins: [fc.interruptAfterTimeLimit(options.timeLimitMs ?? 20_000)],
    })) as fc.RunDetails<[T]>;
    result.numRuns = details.numRuns;
    if (!details.failed) {
      const stopped =
        options.signal?.aborted === true
          ? "the run was interrupted"
          : details.interrupted
            ? `the time limit of ${options.timeLimitMs ?? 20_000} ms was reached`
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
      result.status = "errored";
      const message =
        error instanceof Error
          ? (error.stack ?? error.message)
          : `fast-check stopped: ${details.interrupted ? "interrupted" : "too many skipped cases"}`;
      result.findings.push({
        id: `${definition.id}.e1`,
        ruleId: definition.id,
        severity: "warning",
        title: `Property could not run: ${definition.title}`,
        message,
        exchangeIds: [],
      });
      return result;
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
    result.findings.push(findingOf(definition, error.failure, seed, details, shown));
    return result;
  } catch (error) {
    result.status = "errored";
    result.findings.push({
      id: `${definition.id}.e1`,
      ruleId: definition.id,
      severity: "warning",
      title: `Property could not run: ${definition.title}`,
      message: (error as Error).stack ?? String(error),
      exchangeIds: [],
    });
    return result;
  } finally {
    await client.close();
  }
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
    ruleId: definition.id,
    severity: "error",
    title: `${definition.title}: ${failure.title}`,
    message:
      `${failure.message}\n` +
      `Found after ${details.numRuns} case(s), shrunk ${details.numShrinks} time(s)${details.interrupted ? " (time limit reached while shrinking)" : ""}. ` +
      `Seed ${seed}, path "${path}". Shrunk counterexample: ${shown}. ` +
      `Reproduce with --seed ${seed} (or seed + path), or replay the saved counterexample scenario.`,
    ...(failure.expected !== undefined ? { expected: failure.expected } : {}),
    ...(failure.actual !== undefined ? { actual: failure.actual } : {}),
    rfc: definition.rfc,
    ...(failure.evidence !== undefined && failure.evidence.length > 0 ? { evidence: failure.evidence } : {}),
    exchangeIds: failure.exchange !== undefined ? [failure.exchange.id] : [],
    ...(failure.exchange !== undefined ? { curl: toCurl(failure.exchange) } : {}),
  };
}
