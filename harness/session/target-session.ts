/**
 * One session per run: everything the suites share about the target. Scenarios, the contract suite and the
 * property suites all run through it, so the target's discovery documents are read and interpreted once,
 * every exchange of the run is recorded in one store (findings cite ids that the report can resolve), what
 * the run created is deleted through one cleanup registry, and every generated value comes from the run's
 * seed and run id (each scenario variant derives its own `ValueSource` from them, harness/scenario/fixtures.ts;
 * contract checks derive names and ids from the run id, contracts/checks/contract-context.ts).
 */
import { randomBytes } from "node:crypto";
import { TargetStartError } from "../errors.ts";
import { createScimClient, type ScimClient } from "../http/scim-client.ts";
import { ISSUED_TOKEN_VARIABLE, type Exchange } from "../http/exchange.ts";
import type { StartedScimTarget, TokenControls } from "../targets/scim-target.ts";
import { safeUrl } from "../targets/url-target.ts";
import { CleanupRegistry, type CleanupSummary } from "./cleanup-registry.ts";
import { readTargetDiscovery, type DiscoveryPath, type TargetDiscovery } from "./discovery.ts";
import { ExchangeStore } from "./exchange-store.ts";
import { refusedCredentialOf, type RefusedCredential } from "./refused-credential.ts";

/** Default per-request deadline: Entra's 60 s [S19]. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

export interface OpenSessionOptions {
  target: StartedScimTarget;
  /** Short id in every created resource name; default random (printed in the report). */
  runId?: string;
  /** The seed of every generated value; default random (printed in the report). */
  seed?: number;
  /** Per-request timeout; default 60 000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** A credential the target must refuse (`--expired-token-env`): its value and the variable it came from. */
  expiredToken?: { token: string; variable: string };
  /** `--keep`: delete nothing the run created; `cleanup.kept` lists it at the end. */
  keep?: boolean;
  /** The environment variable the target's token came from (`--token-env`): curl lines name it. */
  tokenVariable?: string;
  /**
   * Called with each token the target issues to the run through its token controls (a secret to redact
   * from every output); curl lines of requests that carry one say `$SCIM_ISSUED_TOKEN`.
   */
  onTokenIssued?: (token: string) => void;
  /**
   * Discovery documents already read this run (by preflight): recorded in the session's store and used
   * instead of asking again (`readTargetDiscovery`).
   */
  discoveryRead?: ReadonlyMap<DiscoveryPath, Exchange>;
}

export interface SessionClientOptions {
  /** Exchange id prefix, unique in the session (`d`, `c`, `s3.x`, `pf`). */
  idPrefix: string;
  /** Default: the target's token. A provider is asked once per request (token rotation). */
  token?: string | (() => string | undefined);
  /** Default: the session's timeout. */
  timeoutMs?: number;
  /** Called with each finished exchange after the session has recorded it. */
  onExchange?: (exchange: Exchange) => void;
  /**
   * Record every exchange in the session's store and the client's list (default true). A load run sends
   * far too many to keep; it adds to `exchanges` only those a report cites.
   */
  record?: boolean;
}

/** A fresh random seed below 2^31 (fast-check accepts it). */
export function randomSeed(): number {
  return randomBytes(4).readUInt32BE(0) % 2 ** 31;
}

export class TargetSession {
  readonly target: StartedScimTarget;
  readonly runId: string;
  readonly seed: number;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  /**
   * The credentials that came from environment variables, with their variable, and those the target
   * issued during the run, as `SCIM_ISSUED_TOKEN` (for curl lines; grows as tokens are issued).
   */
  readonly #tokenVariables: { name: string; token: string }[];
  /** The target's token controls, remembering each token they issue; undefined without token controls. */
  readonly tokenControls: TokenControls | undefined;
  /**
   * A credential the target must refuse, from `--expired-token-env` or the target's token controls; the
   * `tokenControl` capability of scenarios and checks. Undefined: those are not applicable.
   */
  readonly refusedCredential: RefusedCredential | undefined;
  /** Every exchange the run sent, by id. */
  readonly exchanges = new ExchangeStore();
  /** What the suites created and have not deleted yet (with `keep`: what stays on the target). */
  readonly cleanup: CleanupRegistry;
  readonly #clients: ScimClient[] = [];
  readonly #prefixes = new Set<string>();
  #discovery: TargetDiscovery | undefined;
  /** Requests sent and not answered yet, for the heartbeat: what the run is waiting for. */
  readonly #inFlight = new Map<number, { label: string; since: number; timeoutMs: number }>();
  #sent = 0;

  private constructor(options: OpenSessionOptions) {
    this.target = options.target;
    this.runId = options.runId ?? randomBytes(3).toString("hex");
    this.seed = options.seed ?? randomSeed();
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.signal = options.signal;
    const { token } = options.target;
    this.#tokenVariables = [
      ...(options.tokenVariable !== undefined && token !== undefined
        ? [{ name: options.tokenVariable, token }]
        : []),
      ...(options.expiredToken !== undefined
        ? [{ name: options.expiredToken.variable, token: options.expiredToken.token }]
        : []),
    ];
    const controls = options.target.tokenControls;
    this.tokenControls = controls && {
      expireToken: (issued) => controls.expireToken(issued),
      issueToken: async () => {
        const issued = await controls.issueToken();
        this.#tokenVariables.push({ name: ISSUED_TOKEN_VARIABLE, token: issued });
        options.onTokenIssued?.(issued);
        return issued;
      },
    };
    this.refusedCredential = refusedCredentialOf(options.target, options.expiredToken, this.tokenControls);
    this.cleanup = new CleanupRegistry({ keep: options.keep === true });
  }

  /** Opens a session: reads discovery. Throws TargetStartError when the target does not answer at all. */
  static async open(options: OpenSessionOptions): Promise<TargetSession> {
    const session = new TargetSession(options);
    const read = options.discoveryRead ?? new Map<DiscoveryPath, Exchange>();
    for (const exchange of read.values()) {
      session.exchanges.add(exchange);
      session.#prefixes.add(exchange.id.replace(/\d+$/, ""));
    }
    const client = session.client({ idPrefix: "d" });
    try {
      session.#discovery = await readTargetDiscovery(client, {
        tokenControl: session.refusedCredential !== undefined,
        read,
      });
    } catch (cause) {
      await session.closeClients();
      throw new TargetStartError(
        `cannot reach the target at ${safeUrl(options.target.baseUrl)}: ${(cause as Error).message}`,
        options.target.logs(),
        { cause },
      );
    }
    return session;
  }

  /** The discovery documents, read once when the session opened. */
  get discovery(): TargetDiscovery {
    if (this.#discovery === undefined) throw new Error("TargetSession: discovery read before open()");
    return this.#discovery;
  }

  /** Run-unique name prefix: `scimh-<runId>`. */
  get prefix(): string {
    return `scimh-${this.runId}`;
  }

  /** A client whose exchanges the session records; closed with the session. */
  client(options: SessionClientOptions): ScimClient {
    if (this.#prefixes.has(options.idPrefix))
      throw new Error(`TargetSession: exchange id prefix "${options.idPrefix}" is already in use`);
    this.#prefixes.add(options.idPrefix);
    const client = createScimClient({
      baseUrl: this.target.baseUrl,
      token: options.token ?? this.target.token,
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
      idPrefix: options.idPrefix,
      retainExchanges: options.record !== false,
      tokenVariables: this.#tokenVariables,
      onExchange: (exchange) => {
        if (options.record !== false) this.exchanges.add(exchange);
        options.onExchange?.(exchange);
      },
    });
    this.#clients.push(client);
    const send = client.send;
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    client.send = async (intent) => {
      const n = ++this.#sent;
      const label = `${intent.method} ${intent.path}`;
      this.#inFlight.set(n, { label, since: performance.now(), timeoutMs });
      try {
        return await send(intent);
      } finally {
        this.#inFlight.delete(n);
      }
    };
    return client;
  }

  /** The oldest unanswered request (what the run waits for), how long it has waited, and how many are open. */
  waitingFor(): { label: string; waitedMs: number; timeoutMs: number; open: number } | undefined {
    const oldest = this.#inFlight.values().next().value;
    if (oldest === undefined) return undefined;
    return {
      label: oldest.label,
      waitedMs: performance.now() - oldest.since,
      timeoutMs: oldest.timeoutMs,
      open: this.#inFlight.size,
    };
  }

  /** Deletes what is still registered for cleanup (groups first). */
  async runCleanup(idPrefix = "cleanup"): Promise<CleanupSummary> {
    if (this.cleanup.size === 0) return { attempted: 0, deleted: 0, failures: [] };
    const prefix = this.#prefixes.has(idPrefix) ? `${idPrefix}${this.#prefixes.size}.` : idPrefix;
    const client = this.client({ idPrefix: prefix });
    try {
      return await this.cleanup.run(client);
    } finally {
      await client.close();
    }
  }

  /** Cleans up and closes every client of the session. */
  async close(): Promise<CleanupSummary> {
    try {
      return await this.runCleanup();
    } finally {
      await this.closeClients();
    }
  }

  private async closeClients(): Promise<void> {
    await Promise.all(this.#clients.map((c) => c.close()));
  }
}
