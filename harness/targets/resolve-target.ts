/**
 * Turns a `--target` value into a target: `fake…`, an http(s) URL, `image:<name[:tag]>`,
 * `dockerfile:<path>` or `command:<shell command>`.
 */
import type { TargetKind } from "../../reports/index.ts";
import { ConfigurationError } from "../errors.ts";
import { CommandTarget } from "./command-target.ts";
import { ContainerTarget } from "./docker/container-target.ts";
import { DockerfileTarget } from "./docker/dockerfile-target.ts";
import { FakeTarget, parseFakeSpec } from "./fake-target.ts";
import type { LaunchedTarget } from "./launched-target.ts";
import type { ScimTarget } from "./scim-target.ts";
import { UrlTarget } from "./url-target.ts";

export interface ResolveTargetOptions {
  token?: string | undefined;
  /** For image:, dockerfile: and command: targets. */
  basePath?: string | undefined;
  /** Container port (image:, dockerfile:). */
  targetPort?: number | undefined;
  env?: Record<string, string> | undefined;
  startupTimeoutMs?: number | undefined;
  runId?: string | undefined;
}

const LAUNCHED = ["image:", "dockerfile:", "command:"] as const;

/** Whether the harness starts this target itself (container, Dockerfile build, command). */
export function isLaunchedSpec(spec: string): boolean {
  return LAUNCHED.some((p) => spec.startsWith(p));
}

/** The report's target kind for a `--target` value, without starting anything. */
export function targetKindOf(spec: string): TargetKind {
  if (spec.startsWith("image:") || spec.startsWith("dockerfile:")) return "container";
  if (spec.startsWith("command:")) return "command";
  return /^https?:\/\//i.test(spec) ? "url" : "fake";
}

function launched(spec: string): LaunchedTarget | undefined {
  const rest = (prefix: string) => {
    const value = spec.slice(prefix.length).trim();
    if (value === "") throw new ConfigurationError(`--target ${prefix}… needs a value after the colon`);
    return value;
  };
  if (spec.startsWith("image:")) return new ContainerTarget(rest("image:"));
  if (spec.startsWith("dockerfile:")) return new DockerfileTarget(rest("dockerfile:"));
  if (spec.startsWith("command:")) return new CommandTarget(rest("command:"));
  return undefined;
}

export async function resolveTarget(spec: string, options: ResolveTargetOptions = {}): Promise<ScimTarget> {
  if (spec === "fake" || spec.startsWith("fake:") || spec.startsWith("fake+"))
    return new FakeTarget(parseFakeSpec(spec));
  if (/^https?:\/\//i.test(spec)) {
    if (options.token === undefined) {
      process.stderr.write(
        "scim-harness: no token for the URL target (--token or --token-env); sending no Authorization header\n",
      );
    }
    return new UrlTarget(spec).withToken(options.token);
  }
  const target = launched(spec);
  if (target === undefined)
    throw new ConfigurationError(
      `unknown --target ${JSON.stringify(spec)}: use fake, fake:<profile>[+quirk…], an http(s) URL, ` +
        "image:<name[:tag]>, dockerfile:<path> or command:<shell command>",
    );
  target.withToken(options.token).withEnv(options.env ?? {});
  if (options.basePath !== undefined) target.withBasePath(options.basePath);
  if (options.startupTimeoutMs !== undefined) target.withStartupTimeout(options.startupTimeoutMs);
  if (options.runId !== undefined) target.withRunId(options.runId);
  if (options.targetPort !== undefined && target instanceof ContainerTarget)
    target.withExposedPort(options.targetPort);
  return target;
}
