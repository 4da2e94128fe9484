/**
 * Steps the runner performs itself for every IdP: token expiry and rotation through the session's refused
 * credential (the target's token controls, or `--expired-token-env`), and raw `request` exchanges with
 * `${var}` templates.
 */
import { setTimeout } from "node:timers/promises";
import type { HttpIntent } from "../http/http-intent.ts";
import type { DirectoryState } from "../idp/directory-state.ts";
import { RUNNER_STEPS } from "../idp/idp-model.ts";
import type { Step } from "../scenario/scenario-schema.ts";
import type { StepRun } from "./step-run.ts";

export interface TokenState {
  current: string | undefined;
}

/** Values `${name}` can refer to: captures, `users.<key>.id`, `groups.<key>.id`, `runPrefix`. */
function lookupVar(state: DirectoryState, name: string): unknown {
  if (state.vars.has(name)) return state.vars.get(name);
  if (name === "runPrefix") return state.runPrefix;
  const m = /^(users|groups)\.([A-Za-z][\w-]*)\.(id|userName|displayName|externalId)$/.exec(name);
  if (m !== null) {
    const [, kind, key, field] = m as unknown as [string, string, string, string];
    if (kind === "users") {
      const u = state.users.get(key);
      return field === "id"
        ? u?.targetId
        : (u?.source as unknown as Record<string, unknown> | undefined)?.[field];
    }
    const g = state.groups.get(key);
    return field === "id" ? g?.targetId : (g as unknown as Record<string, unknown> | undefined)?.[field];
  }
  return undefined;
}

/** Expands `${name}` in strings, recursively through objects and arrays; unknown names are errors. */
export function expandTemplates<T>(value: T, state: DirectoryState): T {
  if (typeof value === "string") {
    return value.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      const v = lookupVar(state, name.trim());
      if (v === undefined)
        throw new TypeError(`\${${name}} is not defined (no capture or fixture id of that name yet)`);
      return typeof v === "string" ? v : JSON.stringify(v);
    }) as T;
  }
  if (Array.isArray(value)) return value.map((v) => expandTemplates(v, state)) as T;
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandTemplates(v, state)])) as T;
  }
  return value;
}

export type RunnerStep = Extract<Step, { do: (typeof RUNNER_STEPS)[number] }>;

/** Whether the runner performs the step itself (token control, raw requests) instead of the IdP model. */
export const isRunnerStep = (step: Step): step is RunnerStep =>
  (RUNNER_STEPS as readonly string[]).includes(step.do);

/** Performs a runner step: expires or rotates the token, or sends a raw request (the step's main one). */
export async function runRunnerStep(run: StepRun, step: RunnerStep): Promise<void> {
  const { token, client, state, refusedCredential } = run.run;
  if (step.do === "expireToken") {
    if (refusedCredential === undefined)
      throw new TypeError("the run has no credential the target must refuse");
    token.current = await refusedCredential.refuse(token.current);
    run.context.note(`the SP's token expired; the IdP keeps sending it (${refusedCredential.source})`);
    return;
  }
  if (step.do === "rotateToken") {
    if (refusedCredential === undefined)
      throw new TypeError("the run has no credential the target must refuse");
    token.current = await refusedCredential.accepted();
    run.context.note("a new token that the SP accepts was configured in the IdP");
    const ended = state.release();
    if (ended !== undefined) run.context.note(`quarantine cleared: its cause is gone (${ended.reason}) [S4]`);
    return;
  }
  const intent: HttpIntent = {
    label: step.title ?? `request ${step.method} ${step.path}`,
    method: step.method,
    path: expandTemplates(step.path, state),
    ...(step.headers !== undefined ? { headers: expandTemplates(step.headers, state) } : {}),
    ...(step.body !== undefined ? { body: expandTemplates(step.body, state) } : {}),
    auth:
      step.auth === "none"
        ? "none"
        : step.auth === "invalid"
          ? { token: "scim-harness-invalid-token" }
          : "default",
  };
  if (step.delayMs !== undefined) await setTimeout(step.delayMs);
  const exchange = await client.send(intent);
  run.record({ request: { ...intent, role: "other", main: true }, exchange });
}
