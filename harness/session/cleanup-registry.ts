/**
 * Remembers every resource a suite created on the target, and deletes them (groups first, so that no
 * membership points at a deleted user) when the suite or the run ends. Best effort: failures are listed,
 * never thrown.
 */
import type { ScimClient } from "../http/scim-client.ts";

/** What the cleanup did. */
export interface CleanupSummary {
  attempted: number;
  deleted: number;
  failures: string[];
}

export type ResourceKind = "Users" | "Groups";

export class CleanupRegistry {
  readonly #items = new Map<string, { kind: ResourceKind; id: string }>();

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

  async run(client: ScimClient): Promise<CleanupSummary> {
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
