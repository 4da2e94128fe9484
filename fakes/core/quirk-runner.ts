/**
 * Runs the hooks of the active quirks for one request, in quirk order (see quirks/quirk.ts for the hook
 * points and their contracts).
 */
import type { JsonObject } from "../../harness/scim/plain-object.ts";
import type { CommitChange, PatchOperation, Quirk, QuirkContext, RouteMatch } from "../quirks/quirk.ts";
import type { FakeRuntime } from "./fake-runtime.ts";
import type { ScimRequest, ScimResponse } from "./scim-exchange.ts";

/** The hook chain of one request. */
export interface QuirkRunner {
  readonly active: boolean;
  onRequest(): Promise<ScimResponse | undefined>;
  transformBody(body: unknown): Promise<unknown>;
  transformPatchOperations(operations: PatchOperation[], current: JsonObject): Promise<PatchOperation[]>;
  beforeCommit(change: CommitChange): Promise<JsonObject>;
  onResponse(response: ScimResponse): Promise<ScimResponse>;
}

/** Binds the runtime's current quirks (a snapshot: `setQuirks` mid-request does not affect it). */
export function createQuirkRunner(
  runtime: FakeRuntime,
  request: ScimRequest,
  route: RouteMatch,
): QuirkRunner {
  const quirks: readonly Quirk[] = runtime.quirks;
  const contextOf = (quirk: Quirk): QuirkContext => {
    let state = runtime.quirkState.get(quirk.id);
    if (state === undefined) runtime.quirkState.set(quirk.id, (state = {}));
    return {
      request,
      route,
      clock: runtime.clock,
      random: runtime.random,
      sleep: runtime.sleep,
      state,
      tokens: runtime.tokens,
    };
  };
  return {
    active: quirks.length > 0,
    async onRequest() {
      for (const quirk of quirks) {
        const response = await quirk.hooks.onRequest?.(contextOf(quirk));
        if (response !== undefined) return response;
      }
      return undefined;
    },
    async transformBody(body) {
      let current = body;
      for (const quirk of quirks) {
        if (quirk.hooks.transformBody !== undefined)
          current = await quirk.hooks.transformBody(contextOf(quirk), current);
      }
      return current;
    },
    async transformPatchOperations(operations, resource) {
      let current = operations;
      for (const quirk of quirks) {
        const hook = quirk.hooks.transformPatchOperations;
        if (hook !== undefined) current = await hook(contextOf(quirk), current, resource);
      }
      return current;
    },
    async beforeCommit(change) {
      let after = change.after;
      for (const quirk of quirks) {
        const hook = quirk.hooks.beforeCommit;
        if (hook !== undefined) after = await hook(contextOf(quirk), { ...change, after });
      }
      return after;
    },
    async onResponse(response) {
      let current = response;
      for (const quirk of quirks) {
        if (quirk.hooks.onResponse !== undefined)
          current = await quirk.hooks.onResponse(contextOf(quirk), current);
      }
      return current;
    },
  };
}
