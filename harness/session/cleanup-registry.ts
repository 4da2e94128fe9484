/**
 * Remembers every resource a suite created on the target, and deletes them (groups first, so that no
 * membership points at a deleted user) when the suite or the run ends. Best effort: failures are listed,
 * never thrown. With `keep` (`--keep`) nothing is deleted: what was created stays on the target, so that a
 * finding's curl line finds its resource, and `kept` lists it for `scim-harness cleanup --kept`.
 */
import type { ScimClient } from "../http/scim-client.ts";

/** What the cleanup did. */
export interface CleanupSummary {
  attempted: number;
  deleted: number;
  failures: string[];
}

export type ResourceKind = "Users" | "Groups";

/** A resource left on the target. */
export interface KeptResource {
  kind: ResourceKind;
  id: string;
}

export class CleanupRegistry {
  readonly #items = new Map<string, KeptResource>();
  /** Keep what is tracked instead of deleting it. */
  readonly keep: boolean;

  constructor(options: { keep?: boolean } = {}) {
    this.keep = options.keep === true;
  }

  track(kind: ResourceKind, id: string): void {
    this.#items.set(`${kind}/${id}`, { kind, id });
  }

  /** A resource the suite already deleted itself. */
  forget(kind: ResourceKind, id: string): void {
    this.#items.delete(`${kind}/${id}`);
  }

  get size(): number {
    return this.#items.size;
  }

  /** What is tracked and not deleted yet, groups first (the order a cleanup deletes in). */
  get kept(): KeptResource[] {
    return [...this.#items.values()].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "Groups" ? -1 : 1));
  }

  /** Deletes what is tracked; with `keep`, deletes nothing and keeps tracking it. */
  async run(client: ScimClient): Promise<CleanupSummary> {
    if (this.keep) return { attempted: 0, deleted: 0, failures: [] };
    const items = [...this.#items.values()].sort((a, b) =>
      a.kind === b.kind ? 0 : a.kind === "Groups" ? -1 : 1,
    );
    const summary: CleanupSummary = { attempted: 0, deleted: 0, failures: [] };
    for (const { kind, id } of items) {
      summary.attempted++;
      const exchange = await client.send({
        label: `cleanup: delete ${kind}/${id}`,
        method: "DELETE",
        path: `/${kind}/${encodeURIComponent(id)}`,
      });
      const status = exchange.response?.status;
      if (status !== undefined && (status < 300 || status === 404)) {
        summary.deleted++;
        this.#items.delete(`${kind}/${id}`);
      } else summary.failures.push(`DELETE /${kind}/${id}: ${status ?? exchange.error?.kind}`);
    }
    return summary;
  }
}
