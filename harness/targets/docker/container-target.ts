/**
 * Any SCIM server in a container (testcontainers 12): `image:<name[:tag]>` on the CLI, or
 * `await using target = await new ContainerTarget("my-scim:ci").withBasePath("/scim/v2").start()`.
 * Ready means SCIM discovery answers (wait-for-scim.ts); a container that exits while starting fails
 * at once with its logs. Containers carry the harness labels and are removed on stop, at process exit,
 * or by the next run's reaper.
 */
import { randomBytes } from "node:crypto";
import type { StartedTestContainer, WaitStrategy } from "testcontainers";
import { isHarnessError, TargetStartError } from "../../errors.ts";
import { listContainers, removeContainer } from "./docker-api.ts";
import { containerLabels } from "./harness-labels.ts";
import { LaunchedTarget } from "../launched-target.ts";
import { LogBuffer } from "../log-buffer.ts";
import { reapOrphanContainers, removeOwnContainersSync } from "./reaper.ts";
import type { StartedScimTarget } from "../scim-target.ts";
import { START_ERROR_LOG_LINES, waitForScimReady } from "../wait-for-scim.ts";

/** The container port a SCIM server listens on unless told otherwise. */
export const DEFAULT_CONTAINER_PORT = 8080;

/**
 * testcontainers defaults for registry-less machines (../shared/docs/testcontainers.md): no Ryuk (the
 * harness reaps by label) and, for a local daemon, host 127.0.0.1 (else it may try to pull alpine).
 */
export function applyTestcontainersDefaults(env: NodeJS.ProcessEnv = process.env): void {
  env["TESTCONTAINERS_RYUK_DISABLED"] ??= "true";
  const dockerHost = env["DOCKER_HOST"];
  if (dockerHost === undefined || dockerHost.startsWith("unix://"))
    env["TESTCONTAINERS_HOST_OVERRIDE"] ??= "127.0.0.1";
}

const liveByRun = new Map<string, number>();
let exitHookInstalled = false;

/** Counts a container being started in `runId`; the exit hook removes this process's leftovers. */
function trackLive(runId: string): () => void {
  liveByRun.set(runId, (liveByRun.get(runId) ?? 0) + 1);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const [id, n] of liveByRun) if (n > 0) removeOwnContainersSync(id);
    });
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    liveByRun.set(runId, (liveByRun.get(runId) ?? 1) - 1);
  };
}

let reaped: Promise<void> | undefined;
/** Once per process, before its first container: remove what killed runs left (best effort). */
function reapOnce(): Promise<void> {
  reaped ??= reapOrphanContainers().then(
    () => undefined,
    () => undefined,
  );
  return reaped;
}

/** Labels the one container of one start(), to remove it when the start fails half-way. */
const INSTANCE_LABEL = "scim-harness.instance";

/** Best effort: testcontainers removes a container whose wait failed, but not one that failed earlier. */
async function removeInstance(instance: string): Promise<void> {
  try {
    for (const c of await listContainers([`${INSTANCE_LABEL}=${instance}`])) await removeContainer(c.Id);
  } catch {
    // the daemon is gone: the exit hook or the next run's reaper will do it
  }
}

type WaitArgs = Parameters<WaitStrategy["waitUntilReady"]>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A testcontainers wait strategy: SCIM discovery answers 200/401, or the container exited. */
class ScimDiscoveryWait implements WaitStrategy {
  #timeoutMs: number;
  #timeoutSet = false;
  constructor(
    private readonly o: {
      port: number;
      basePath: string;
      token: string | undefined;
      logs: LogBuffer;
      logsEnded: Promise<void>;
      what: string;
      timeoutMs: number;
    },
  ) {
    this.#timeoutMs = o.timeoutMs;
  }
  withStartupTimeout(ms: number): this {
    this.#timeoutMs = ms;
    this.#timeoutSet = true;
    return this;
  }
  isStartupTimeoutSet(): boolean {
    return this.#timeoutSet;
  }
  getStartupTimeout(): number {
    return this.#timeoutMs;
  }
  async waitUntilReady(container: WaitArgs[0], boundPorts: WaitArgs[1]): Promise<void> {
    const { getContainerRuntimeClient } = await import("testcontainers");
    const host = (await getContainerRuntimeClient()).info.containerRuntime.host;
    await waitForScimReady({
      baseUrl: `http://${host}:${boundPorts.getBinding(this.o.port)}${this.o.basePath}`,
      token: this.o.token,
      timeoutMs: this.#timeoutMs,
      logs: () => this.o.logs.lines(),
      what: this.o.what,
      exited: async () => {
        const state = (await container.inspect()).State;
        if (state.Status !== "exited" && state.Status !== "dead") return undefined;
        await Promise.race([this.o.logsEnded, sleep(1000)]); // let the crash output arrive
        return `exited with code ${state.ExitCode}`;
      },
    });
  }
}

/** A SCIM server in a container from a local (or pullable) image. */
export class ContainerTarget extends LaunchedTarget {
  #port = DEFAULT_CONTAINER_PORT;
  #command: string[] | undefined;

  constructor(protected imageRef: string) {
    super();
  }

  /** The image the container runs. */
  get image(): string {
    return this.imageRef;
  }

  /** The container port the server listens on (default 8080); it is published on a random host port. */
  withExposedPort(port: number): this {
    this.#port = port;
    return this;
  }

  /** Overrides the image's CMD. */
  withCommand(command: string[]): this {
    this.#command = command;
    return this;
  }

  async start(): Promise<StartedScimTarget> {
    applyTestcontainersDefaults();
    await reapOnce();
    const { GenericContainer } = await import("testcontainers");
    const { basePath, token, env, startupTimeoutMs, runId } = this.launch;
    const t0 = performance.now();
    const logs = new LogBuffer();
    let endLogs = () => {};
    const logsEnded = new Promise<void>((r) => (endLogs = r));
    const what = `container ${this.image}`;
    const release = trackLive(runId);
    const instance = randomBytes(6).toString("hex");
    let container: StartedTestContainer;
    try {
      let builder = new GenericContainer(this.image)
        .withExposedPorts(this.#port)
        .withEnvironment(env)
        .withLabels({ ...containerLabels(runId), [INSTANCE_LABEL]: instance })
        .withLogConsumer((stream) => {
          stream.on("data", (chunk: string | Buffer) => logs.push(chunk));
          stream.on("end", () => endLogs());
          stream.on("error", () => endLogs());
        })
        .withWaitStrategy(
          new ScimDiscoveryWait({
            port: this.#port,
            basePath,
            token,
            logs,
            logsEnded,
            what,
            timeoutMs: startupTimeoutMs,
          }),
        )
        .withStartupTimeout(startupTimeoutMs);
      if (this.#command !== undefined) builder = builder.withCommand(this.#command);
      container = await builder.start();
    } catch (e) {
      await removeInstance(instance);
      release();
      if (isHarnessError(e)) throw e;
      throw new TargetStartError(
        `cannot start ${what}: ${(e as Error).message}` +
          ` (is the image built locally? try: docker image inspect ${this.image})`,
        logs.tail(START_ERROR_LOG_LINES),
        { cause: e },
      );
    }
    const origin = `http://${container.getHost()}:${container.getMappedPort(this.#port)}`;
    let stopped: Promise<void> | undefined;
    const stop = () =>
      // a failed stop stays counted: the exit hook then removes the container
      (stopped ??= container.stop({ remove: true, timeout: 0 }).then(() => release()));
    return {
      kind: "container",
      baseUrl: `${origin}${basePath}`,
      token,
      details: { image: this.image },
      ...(this.launch.tokenControls !== undefined
        ? { tokenControls: this.launch.tokenControls(origin, token) }
        : {}),
      startupMs: Math.round(performance.now() - t0),
      logs: () => logs.lines(),
      stop,
      [Symbol.asyncDispose]: stop,
    };
  }
}
