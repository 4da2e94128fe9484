/**
 * Secondary indexes of the memory store and the filter planner that uses them: `userName eq "…"`,
 * `externalId eq "…"`, `id eq "…"` and (groups) `displayName eq "…"` are answered from a map in O(1),
 * also inside `and` / `or`; every other filter is a full scan. The planner only narrows the candidates:
 * the store still runs the core evaluator on each candidate, so the index can never change a result.
 */
import type { AttrPath, FilterNode } from "../../harness/scim/filter-ast.ts";

/** A multimap from key to ids, in insertion order. */
export class IdIndex {
  readonly #map = new Map<string, Set<string>>();

  add(key: string, id: string): void {
    const ids = this.#map.get(key);
    if (ids === undefined) this.#map.set(key, new Set([id]));
    else ids.add(id);
  }

  remove(key: string, id: string): void {
    const ids = this.#map.get(key);
    if (ids === undefined) return;
    ids.delete(id);
    if (ids.size === 0) this.#map.delete(key);
  }

  get(key: string): ReadonlySet<string> {
    return this.#map.get(key) ?? EMPTY;
  }

  clear(): void {
    this.#map.clear();
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/** One indexed attribute: its name (lower-case), how keys are normalised, and the index. */
export interface IndexedAttribute {
  name: string;
  /** The key of a value: equal keys for the values the filter evaluator compares equal. */
  key: (value: string) => string;
  index: IdIndex;
}

/** How `and` / `or` filters narrow: the candidate ids, or undefined for "scan everything". */
export type Candidates = ReadonlySet<string> | undefined;

const isCorePath = (path: AttrPath, coreSchemaId: string): boolean =>
  path.subAttr === undefined &&
  (path.uri === undefined || path.uri.toLowerCase() === coreSchemaId.toLowerCase());

/** Index keys of a plain string attribute: lower-case unless caseExact (RFC 7643 §2.2). */
export const caseKey =
  (caseExact: boolean) =>
  (value: string): string =>
    caseExact ? value : value.toLowerCase();

/**
 * The ids that can match `node`, from the indexes, or undefined when the filter needs a full scan.
 * `byId` answers `id eq "…"`.
 */
export function planCandidates(
  node: FilterNode,
  indexed: readonly IndexedAttribute[],
  coreSchemaId: string,
  byId: (id: string) => boolean,
): Candidates {
  switch (node.kind) {
    case "compare": {
      if (node.op !== "eq" || typeof node.value !== "string" || !isCorePath(node.path, coreSchemaId))
        return undefined;
      const name = node.path.name.toLowerCase();
      if (name === "id") return byId(node.value) ? new Set([node.value]) : EMPTY;
      const attribute = indexed.find((a) => a.name === name);
      return attribute === undefined ? undefined : attribute.index.get(attribute.key(node.value));
    }
    case "and": {
      const left = planCandidates(node.left, indexed, coreSchemaId, byId);
      const right = planCandidates(node.right, indexed, coreSchemaId, byId);
      if (left === undefined) return right;
      if (right === undefined) return left;
      const [small, large] = left.size <= right.size ? [left, right] : [right, left];
      return new Set([...small].filter((id) => large.has(id)));
    }
    case "or": {
      const left = planCandidates(node.left, indexed, coreSchemaId, byId);
      const right = left === undefined ? undefined : planCandidates(node.right, indexed, coreSchemaId, byId);
      if (left === undefined || right === undefined) return undefined;
      return new Set([...left, ...right]);
    }
    default:
      return undefined;
  }
}
