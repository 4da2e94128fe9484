/**
 * Recorded Entra PATCH bodies → the IdP-level step that sends them: attribute updates and the manager pass
 * (`updateUser`), a rename (`renameGroup`), a member removal (`removeMembers`). A body is taken only when it
 * is exactly what the Entra model sends for that step (harness/idp/entra/entra-requests.ts, rebuilt and
 * compared), so the replay puts the same request on the wire; anything else keeps its reason, and the
 * recording stays raw requests.
 */
import { isDeepStrictEqual } from "node:util";
import type { AttrChange } from "../idp/entra/entra-mapping.ts";
import { ENTRA_ATTRIBUTE_SOURCES, MANAGER_PATH } from "../idp/entra/entra-mapping.ts";
import {
  managerPatchBody,
  removeMembersBody,
  renameGroupBody,
  userPatchBody,
} from "../idp/entra/entra-requests.ts";
import { patchEvidence } from "../idp/entra/entra-users.ts";
import type { Step } from "../scenario/scenario-schema.ts";
import type { UserField } from "./entra-attributes.ts";
import { userAttributeRule } from "./entra-attributes.ts";
import type { Pseudonymizer } from "./pseudonymizer.ts";

type Op = Record<string, unknown>;
type UserChanges = Extract<Step, { do: "updateUser" }>["set"];
/** A recorded user id → its fixture key, when the recording created that user. */
type UserKeyOf = (id: string) => string | undefined;

/** Why a PATCH has no IdP-level step (completes "entries[n] PATCH /Users/… …"). */
interface NoStep {
  reason: string;
}

/** An attribute update (§1.5.3, §1.5.4, §1.7) or a manager pass (§1.5.5), as `updateUser`. */
interface UserUpdate {
  set: UserChanges;
  /** aadOptscim062020, as the op names show it (§1.7 [S1] [S2]). */
  flag: boolean;
  /** Fields the body adds (`Add`: Entra believed them absent on the SP, §1.5.4 [S2] [C11]). */
  adds: UserField[];
  /** The SCIM filter the user must match afterwards. */
  matches: string;
  /** Tags and bug ids of the body's shape, for the step's comment. */
  evidence: string[];
}

/** A group PATCH: a rename (§1.6.3) or a member removal (§1.6.5). */
type GroupChange =
  { do: "renameGroup"; to: string; flag: boolean } | { do: "removeMembers"; users: string[]; flag: boolean };

/** Capitalised op names without aadOptscim062020, lower-case with it (§1.7 [S1] [S2]); undefined if mixed. */
export function opDialect(ops: readonly Op[]): boolean | undefined {
  const names = ops.map((o) => String(o.op));
  if (names.length === 0) return undefined;
  if (names.every((n) => /^(Add|Replace|Remove)$/.test(n))) return false;
  if (names.every((n) => /^(add|replace|remove)$/.test(n))) return true;
  return undefined;
}

const NOT_MODEL = "is not the body the Entra model sends for it";
const MIXED = { reason: "mixes capitalised and lower-case ops (one dialect per request, §1.7)" };
/** Values an `updateUser` step sends with the run prefix (scenario-schema.ts `set`), so the filter does too. */
const SCOPED: readonly string[] = ["email", "displayName", "externalId"];
const FILTERED = /^(\w+)\[type eq "([^"]*)"\]\.(\w+)$/;

/** The model's spelling of a mapping target (attribute names are case-insensitive, RFC 7643 §2.1). */
const modelPath = (path: string): string | undefined =>
  Object.keys(ENTRA_ATTRIBUTE_SOURCES).find((p) => p.toLowerCase() === path.toLowerCase());

const bool = (v: unknown): boolean | undefined =>
  typeof v === "boolean"
    ? v
    : v === "True" || v === "true"
      ? true
      : v === "False" || v === "false"
        ? false
        : undefined;

/** `title eq "x"`, `emails[type eq "work" and value eq "x"]`: the changed value read back. */
function clause(path: string, literal: string): string {
  const filtered = FILTERED.exec(path);
  if (filtered === null) return `${path} eq ${literal}`;
  const [, attribute = "", type = "", sub = ""] = filtered;
  return `${attribute}[type eq ${JSON.stringify(type)} and ${sub} eq ${literal}]`;
}

/** The manager pass (§1.5.5): Add / Replace of the bare id on the URN path [C7], remove by value filter [C6]. */
function managerChange(ops: readonly Op[], flag: boolean, keyOf: UserKeyOf): UserUpdate | NoStep | undefined {
  const [o] = ops;
  if (ops.length !== 1 || o === undefined) return undefined;
  const path = String(o.path ?? "");
  const op = String(o.op).toLowerCase();
  const removed = /^manager\[value eq "([^"]+)"\]$/i.exec(path)?.[1];
  const setTo = path.toLowerCase() === MANAGER_PATH.toLowerCase() && op !== "remove" ? o.value : undefined;
  if (removed === undefined && setTo === undefined) return undefined;
  const id = removed ?? (typeof setTo === "string" ? setTo : "");
  const key = keyOf(id);
  if (key === undefined) return { reason: "names a manager that is not a user of the recording" };
  const body =
    removed !== undefined
      ? managerPatchBody({ op: "Remove", oldManagerId: removed }, flag, MANAGER_PATH)
      : managerPatchBody({ op: op === "add" ? "Add" : "Replace", managerId: id }, flag, MANAGER_PATH);
  if (!isDeepStrictEqual(ops, body.Operations)) return { reason: `${NOT_MODEL} (§1.5.5)` };
  const at = `${MANAGER_PATH}.value`;
  return removed !== undefined
    ? { set: { manager: null }, flag, adds: [], matches: `not (${at} pr)`, evidence: ["[C6]", "B11"] }
    : {
        set: { manager: key },
        flag,
        adds: [],
        matches: `${at} eq "\${users.${key}.id}"`,
        evidence: ["[C7]", "[S1]", "B11"],
      };
}

/**
 * A user PATCH that is not a lone `active` op: the `updateUser` step whose changes make the Entra model send
 * this body (one op per attribute without the flag; with it, the filtered paths, `active` and adds on their
 * own ops and the other replaces in one path-less op with dotted or URN keys, §1.7 [S2]). Personal values
 * are pseudonymised like the fixtures; the filter reads back what the run sends (email, displayName and
 * externalId with the run prefix, a userName as `${runPrefix}-<key>-<value>`).
 */
export function readUserPatch(
  ops: readonly Op[],
  user: string,
  keyOf: UserKeyOf,
  pii: Pseudonymizer,
): UserUpdate | NoStep {
  const flag = opDialect(ops);
  if (flag === undefined) return MIXED;
  const manager = managerChange(ops, flag, keyOf);
  if (manager !== undefined) return manager;
  const changes: AttrChange[] = [];
  for (const o of ops) {
    const op = String(o.op).toLowerCase();
    if (op !== "add" && op !== "replace")
      return { reason: `has a ${String(o.op)} op, not an attribute update` };
    const value = o.value;
    const entries: [string, unknown][] =
      o.path !== undefined
        ? [[String(o.path), value]]
        : typeof value === "object" && value !== null && !Array.isArray(value)
          ? Object.entries(value)
          : [];
    if (entries.length === 0) return { reason: "has a path-less op without attributes" };
    for (const [path, v] of entries) {
      const target = modelPath(path);
      if (target === undefined)
        return { reason: `changes ${path}, which the Entra model does not map (§1.12)` };
      const typed = target === "active" ? bool(v) : typeof v === "string" ? v : undefined;
      if (typed === undefined)
        return { reason: `sets ${path} to a value the Entra mapping does not produce` };
      changes.push({
        op: o.path !== undefined && op === "add" ? "Add" : "Replace",
        path: target,
        value: typed,
      });
    }
  }
  if (!isDeepStrictEqual(ops, userPatchBody(changes, flag).Operations))
    return { reason: `${NOT_MODEL} (§1.5.3, §1.5.4, §1.7 [S2])` };
  const set: Record<string, unknown> = {};
  const parts: string[] = [];
  const adds: UserField[] = [];
  for (const c of changes) {
    const rule = userAttributeRule(c.path);
    if (rule === undefined || rule.field === "manager")
      return { reason: `changes ${c.path}, which has no fixture field` };
    if (rule.field === "active") {
      set.active = c.value;
      parts.push(`active eq ${String(c.value)}`);
      continue;
    }
    const value =
      "pii" in rule && rule.pii !== undefined ? pii.value(rule.pii, String(c.value)) : String(c.value);
    set[rule.field] = value;
    if (c.op === "Add") adds.push(rule.field);
    const sent =
      rule.field === "userName"
        ? `\${runPrefix}-${user}-${value}`
        : SCOPED.includes(rule.field)
          ? `\${runPrefix}-${value}`
          : value;
    parts.push(clause(c.path, JSON.stringify(sent)));
  }
  return {
    set: set as UserChanges,
    flag,
    adds,
    matches: parts.join(" and "),
    evidence: patchEvidence(changes, flag),
  };
}

/**
 * A group PATCH other than a members Add: a `displayName` Replace (rename, §1.6.3 [S1]) or a member
 * removal in either dialect (value-array `Remove` without the flag, one `members[value eq]` remove per
 * member with it, §1.6.5 [S2] [C5]); undefined when it is neither.
 */
export function readGroupPatch(
  ops: readonly Op[],
  keyOf: UserKeyOf,
  pii: Pseudonymizer,
): GroupChange | NoStep | undefined {
  const flag = opDialect(ops);
  const [first] = ops;
  if (first === undefined) return undefined;
  if (ops.length === 1 && first.path === "displayName" && typeof first.value === "string") {
    if (flag === undefined) return MIXED;
    if (!isDeepStrictEqual(ops, renameGroupBody(first.value, flag).Operations))
      return { reason: `${NOT_MODEL} (§1.6.3)` };
    return { do: "renameGroup", to: pii.value("group", first.value), flag };
  }
  const ids = ops.flatMap((o) => {
    const filtered = /^members\[value eq "([^"]+)"\]$/.exec(String(o.path ?? ""))?.[1];
    if (filtered !== undefined) return [filtered];
    return o.path === "members" && Array.isArray(o.value)
      ? o.value.map((m) => String((m as Op | null)?.value))
      : [];
  });
  if (!ops.every((o) => /^remove$/i.test(String(o.op))) || ids.length === 0) return undefined;
  if (flag === undefined) return MIXED;
  if (!isDeepStrictEqual(ops, removeMembersBody(ids, flag).Operations))
    return { reason: `${NOT_MODEL} (§1.6.5)` };
  const users = ids.map(keyOf);
  if (users.some((k) => k === undefined))
    return { reason: "removes a member that is not a user of the recording" };
  return { do: "removeMembers", users: users as string[], flag };
}
