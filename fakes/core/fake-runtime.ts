/**
 * The state one fake SP instance runs on, shared by the express and msw adapters.
 */
import type { Clock } from "../clock.ts";
import type { TokenRegistry } from "../auth/token-registry.ts";
import type { AppProfile } from "../profiles/app-profile.ts";
import type { Quirk } from "../quirks/quirk.ts";
import type { MemoryStore } from "../store/memory-store.ts";
import type { ResourceTypeSchemas } from "../../harness/scim/schema-types.ts";
import type { KeyedMutex } from "./keyed-mutex.ts";
import type { RoutingTable } from "./route-request.ts";

import type { PatchMode } from "../../harness/scim/patch-context.ts";

export type { PatchMode };

/** Everything the request pipeline reads and mutates. */
export interface FakeRuntime {
  readonly profile: AppProfile;
  readonly basePath: string;
  readonly store: MemoryStore;
  readonly tokens: TokenRegistry;
  readonly clock: Clock;
  readonly patchMode: PatchMode;
  readonly maxBodyBytes: number;
  readonly locks: KeyedMutex;
  readonly routing: RoutingTable;
  /** Resource types by name ("User", "Group"). */
  readonly resourceTypes: ReadonlyMap<string, ResourceTypeSchemas>;
  /** Active quirks, in hook order; replaced by `setQuirks`. */
  quirks: readonly Quirk[];
  /** Private state of each quirk, by quirk id. */
  readonly quirkState: Map<string, Record<string, unknown>>;
  /** Bearer secret of the `/_admin` API; undefined when the admin API is off. */
  readonly adminSecret: string | undefined;
  /** Resolves quirk ids for the admin API (the catalogue). */
  readonly resolveQuirks: (ids: readonly string[]) => Quirk[];
  readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** `{origin}{basePath}`, e.g. `http://127.0.0.1:8080/scim/v2`. */
export function baseUrlOf(runtime: FakeRuntime, origin: string): string {
  return `${origin.replace(/\/+$/, "")}${runtime.basePath}`;
}

/** True unless an active quirk switches off per-resource serialisation (B8). */
export function serialisesMutations(runtime: FakeRuntime): boolean {
  return runtime.quirks.every((q) => q.serialiseMutations !== false);
}
