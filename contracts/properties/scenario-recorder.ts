/**
 * Records what one property case sent, as scenario `request` steps (harness/scenario/scenario-schema.ts)
 * that replay it: the run prefix becomes `${runPrefix}-` and every id the target assigned becomes a
 * `${var}` captured from the response that created it, so `npm run scenarios -- --scenario <file>`
 * replays the case against a fresh target.
 */
import type { Exchange } from "../../harness/http/exchange.ts";
import type { HttpIntent } from "../../harness/http/http-intent.ts";
import type { ScimClient } from "../../harness/http/scim-client.ts";
import type { Step } from "../../harness/scenario/scenario-schema.ts";

/** A scenario `request` step. */
export type RequestStep = Extract<Step, { do: "request" }>;

type Json = Record<string, unknown>;

/** What a recorded step expects on replay. */
export interface StepExpectation {
  status?: number[];
  body?: Record<string, unknown>;
  /** A JSON Schema the body must satisfy (ids and the prefix in it are templated). */
  schema?: Record<string, unknown>;
}

/** A resource a case created, deleted by `cleanup()`. */
interface Tracked {
  kind: "Users" | "Groups";
  id: string;
  variable: string;
}

export class ScenarioRecorder {
  readonly steps: RequestStep[] = [];
  /** Local time (ms) when the last request other than GET was sent (0 before the first). */
  lastWriteAt = 0;
  /** The step of the last request other than GET. */
  lastWrite: RequestStep | undefined;
  readonly #tracked: Tracked[] = [];
  readonly #vars = new Map<string, string>();
  readonly #stepOf = new WeakMap<Exchange, RequestStep>();

  constructor(
    private readonly client: ScimClient,
    /** The case's prefix, e.g. `scimh-1a2b3c-f4-`; replayed as `${runPrefix}-`. */
    readonly prefix: string,
  ) {}

  /** The variable name bound to a target id, if the case created it. */
  variableOf(id: string): string | undefined {
    return this.#vars.get(id);
  }

  /** Replaces the prefix and known ids in strings, recursively. */
  template<T>(value: T): T {
    if (typeof value === "string") {
      let out: string = value.split(this.prefix).join("${runPrefix}-");
      for (const [id, name] of this.#vars) out = out.split(id).join(`\${${name}}`);
      return out as T;
    }
    if (Array.isArray(value)) return value.map((v) => this.template(v)) as T;
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.template(v)])) as T;
    }
    return value;
  }

  /** Adds a step (not sent): an assertion the replay must check. */
  note(
    intent: Pick<HttpIntent, "method" | "path" | "body" | "headers">,
    expect: StepExpectation = {},
    title?: string,
  ): RequestStep {
    const step: RequestStep = {
      do: "request",
      ...(title !== undefined ? { title: this.template(title) } : {}),
      method: intent.method,
      path: this.template(intent.path),
      ...(intent.body !== undefined ? { body: this.template(intent.body) } : {}),
      ...(intent.headers !== undefined ? { headers: this.template(intent.headers) } : {}),
    };
    if (expect.status !== undefined || expect.body !== undefined || expect.schema !== undefined) {
      step.expect = {
        ...(expect.status !== undefined ? { status: expect.status } : {}),
        ...(expect.body !== undefined ? { body: expect.body } : {}),
        ...(expect.schema !== undefined ? { schema: this.template(expect.schema) } : {}),
      };
    }
    this.steps.push(step);
    return step;
  }

  /** Like `note`, but the step goes right before `anchor` (a read it must precede). */
  noteBefore(
    anchor: RequestStep,
    intent: Pick<HttpIntent, "method" | "path">,
    expect: StepExpectation,
    title: string,
  ): RequestStep {
    const step = this.note(intent, expect, title);
    this.steps.pop();
    this.steps.splice(this.steps.indexOf(anchor), 0, step);
    return step;
  }

  /**
   * Makes the replay capture `pointer` from the response of the step that recorded `exchange`, and
   * returns the `${name}` template that refers to it.
   */
  captureOn(exchange: Exchange, pointer: string, name: string): string {
    const step = this.#stepOf.get(exchange);
    if (step === undefined) throw new Error(`no recorded step sent ${exchange.request.url}`);
    step.capture = { ...step.capture, [name]: pointer };
    return `\${${name}}`;
  }

  /**
   * Sends a request and records it. `expect` defaults to the status the target answered (the replay
   * then checks the case went the same way); `track` captures the created id as `${variable}`.
   */
  async send(
    intent: HttpIntent,
    options: { track?: { kind: "Users" | "Groups"; variable: string }; expect?: StepExpectation } = {},
  ): Promise<Exchange> {
    const step = this.note(intent, options.expect ?? {}, intent.label);
    if (intent.method !== "GET") {
      this.lastWriteAt = Date.now();
      this.lastWrite = step;
    }
    const exchange = await this.client.send(intent);
    this.#stepOf.set(exchange, step);
    const status = exchange.response?.status;
    if (options.expect === undefined && status !== undefined) step.expect = { status: [status] };
    const id = (exchange.response?.body as Json | undefined)?.["id"];
    if (
      options.track !== undefined &&
      (status === 200 || status === 201) &&
      typeof id === "string" &&
      id !== ""
    ) {
      this.#vars.set(id, options.track.variable);
      this.#tracked.push({ ...options.track, id });
      step.capture = { [options.track.variable]: "/id" };
    }
    return exchange;
  }

  /**
   * Sets what a recorded step expects (when the case found its answer wrong); `why` (the invariant it
   * replays) is added to the step's title.
   */
  expectOn(step: RequestStep | undefined, expect: StepExpectation, why?: string): void {
    if (step === undefined) return;
    const { schema, ...rest } = expect;
    step.expect = {
      ...step.expect,
      ...rest,
      ...(schema !== undefined ? { schema: this.template(schema) } : {}),
    };
    if (why !== undefined) step.title = `${step.title ?? `${step.method} ${step.path}`} (replays ${why})`;
  }

  /** The step that recorded this exchange. */
  stepOf(exchange: Exchange): RequestStep | undefined {
    return this.#stepOf.get(exchange);
  }

  /** The last recorded step. */
  get last(): RequestStep | undefined {
    return this.steps.at(-1);
  }

  /** Forgets a resource the case deleted itself. */
  untrack(id: string): void {
    const index = this.#tracked.findIndex((t) => t.id === id);
    if (index !== -1) this.#tracked.splice(index, 1);
  }

  /** Deletes every tracked resource, groups first (recorded without expectations: best effort). */
  async cleanup(): Promise<void> {
    const order = [...this.#tracked].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "Groups" ? -1 : 1));
    for (const t of order) {
      const step = this.note(
        { method: "DELETE", path: `/${t.kind}/${t.id}` },
        {},
        `cleanup: delete ${t.variable}`,
      );
      await this.client.send({
        label: `cleanup ${t.kind}/${t.id}`,
        method: "DELETE",
        path: `/${t.kind}/${encodeURIComponent(t.id)}`,
      });
      delete step.expect;
    }
    this.#tracked.length = 0;
  }
}
