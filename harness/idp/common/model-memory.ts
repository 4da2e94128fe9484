/**
 * What a model remembers about one scenario variant beyond the shared `DirectoryState`: probe timing, the
 * once-per-variant findings already reported, and retries in flight. Kept in a WeakMap keyed by the state
 * so the contract's `DirectoryState` stays IdP-neutral and the model stays stateless between variants.
 */
import type { DirectoryState } from "../directory-state.ts";
import type { StepContext } from "../idp-model.ts";

/** Per-variant model memory. */
export interface ModelMemory {
  /** The activity probe ran in the current cycle (Entra §1.3). */
  probedThisCycle: boolean;
  /** Rule ids reported once per variant (e.g. a content type warning). */
  reportedOnce: Set<string>;
}

const memories = new WeakMap<DirectoryState, ModelMemory>();

/** The memory of one variant, created on first use. */
export function memoryOf(state: DirectoryState): ModelMemory {
  let memory = memories.get(state);
  if (memory === undefined) {
    memory = { probedThisCycle: false, reportedOnce: new Set() };
    memories.set(state, memory);
  }
  return memory;
}

/** Quarantines through the context, which records it on the directory state. */
export function quarantineNow(
  ctx: StepContext,
  reason: string,
  evidence: string[],
  exchangeId?: string,
): void {
  ctx.quarantine(reason, evidence, exchangeId);
}

/** Whether the IdP has stopped provisioning. */
export function isQuarantined(state: DirectoryState): boolean {
  return state.quarantined !== undefined;
}
