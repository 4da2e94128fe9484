/**
 * The `run` command's target phase: turns the target options into a started target, handing the token
 * to a launched server through `--env` (`{token}` placeholders), and keeps Ctrl-C/SIGTERM during a
 * slow start from leaving a container or process behind.
 */
import { randomBytes } from "node:crypto";
import { redact } from "../../reports/index.ts";
import { ConfigurationError, isHarnessError, TargetStartError } from "../errors.ts";
import { isLaunchedSpec, resolveTarget } from "../targets/resolve-target.ts";
import type { StartedScimTarget } from "../targets/scim-target.ts";

export interface TargetOptions {
  target: string;
  targetPort?: number;
  basePath?: string;
  env?: string[];
  startupTimeout?: number;
}

/** Placeholder in `--env` values replaced by the bearer token. */
export const TOKEN_PLACEHOLDER = "{token}";

/**
 * `--env` entries as an environment: `KEY=VALUE`, or `KEY` alone to copy the harness's own variable
 * (keeps secrets off the command line). `{token}` in a value is the token; when no token was given
 * and a value needs one, a random token is made for the run.
 */
export function targetEnv(
  entries: readonly string[],
  token: string | undefined,
  hostEnv: NodeJS.ProcessEnv = process.env,
): { env: Record<string, string>; token: string | undefined } {
  const needsToken = entries.some((e) => e.includes(TOKEN_PLACEHOLDER));
  const effective = token ?? (needsToken ? `scimh_${randomBytes(18).toString("base64url")}` : undefined);
  const env: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf("=");
    const key = eq < 0 ? entry : entry.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      throw new ConfigurationError(`--env ${JSON.stringify(entry)}: expected KEY=VALUE or KEY`);
    const value = eq < 0 ? hostEnv[key] : entry.slice(eq + 1);
    if (value === undefined)
      throw new ConfigurationError(`--env ${key}: not set in the harness's environment`);
    env[key] = value.replaceAll(TOKEN_PLACEHOLDER, effective ?? "");
  }
  return { env, token: effective };
}

/**
 * Prints a start error and the target's last log lines, redacted like every report: credential patterns,
 * plus the token and any other `secrets` (a target may print its own token, as the fake SP does).
 */
export function reportStartError(
  e: TargetStartError | Error,
  err: (line: string) => void,
  secrets: readonly (string | undefined)[] = [],
): void {
  err(redact(e.message, known(secrets)));
  printTargetLogs(e instanceof TargetStartError ? e.logs : [], err, secrets);
}

/** Prints a target's log lines (nothing when there are none), redacted with the credential patterns and `secrets`. */
export function printTargetLogs(
  lines: readonly string[],
  err: (line: string) => void,
  secrets: readonly (string | undefined)[],
): void {
  const logs = redact([...lines], known(secrets));
  if (logs.length > 0)
    err(`last ${logs.length} log line(s) of the target:\n${logs.map((l) => `  | ${l}`).join("\n")}`);
}

const known = (secrets: readonly (string | undefined)[]): string[] =>
  secrets.filter((s): s is string => typeof s === "string" && s.length > 0);

/**
 * Starts the target; resolves to it, or to an exit code: 2 when it cannot start, 130 when a signal
 * came during the start (the target is stopped first; a second signal exits at once, and the exit
 * hooks remove what was started).
 */
export async function startTarget(
  opts: TargetOptions,
  token: string | undefined,
  runId: string,
  err: (line: string) => void,
): Promise<StartedScimTarget | number> {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) process.exit(130);
    signalled = true;
    err(`${signal}: stopping once the target has started (again to stop now)`);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const secrets = [token];
  try {
    const launched = isLaunchedSpec(opts.target);
    if (!launched && (opts.basePath !== undefined || (opts.env?.length ?? 0) > 0))
      err("--base-path and --env apply to image:, dockerfile: and command: targets; ignored");
    const { env, token: effective } = launched ? targetEnv(opts.env ?? [], token) : { env: {}, token };
    secrets.push(effective);
    const target = await resolveTarget(opts.target, {
      token: effective,
      basePath: opts.basePath,
      targetPort: opts.targetPort,
      env,
      startupTimeoutMs: opts.startupTimeout,
      runId,
    });
    const started = await target.start();
    if (signalled) {
      await started.stop();
      return 130;
    }
    return started;
  } catch (e) {
    if (signalled) return 130;
    if (!isHarnessError(e)) throw e;
    reportStartError(e, err, secrets);
    return 2;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
