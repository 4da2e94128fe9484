/**
 * Entra's user provisioning: match on the matching attributes in precedence order, create on a miss,
 * update only what differs on a hit, and use the cached id on later cycles (§1.2 [S3], §1.4 [S1] [S6],
 * §1.5.1–§1.5.4).
 */
import { getCI, readPath, resourceId, sameValue } from "../common/scim-read.ts";
import type { JsonRecord } from "../common/scim-read.ts";
import { userRecord } from "../directory-state.ts";
import { checkCreated, checkLinkedGet, checkUserPatch } from "./entra-checks.ts";
import type { EntraFlow, Flow } from "./entra-flow.ts";
import { claimMain, userPath } from "./entra-flow.ts";
import {
  createUserBody,
  diffAttributes,
  entraUserAttributes,
  exportedRecord,
  MANAGER_PATH,
} from "./entra-mapping.ts";
import type { AttrChange } from "./entra-mapping.ts";
import { entraRequest, userFilterPath, userPatchBody } from "./entra-requests.ts";
import { ENTRA_RULE, entraSend, readFilterAnswer, report } from "./entra-responses.ts";

/** Bug ids an update body can trip over, from its shape (Part 3). */
export function patchEvidence(changes: readonly AttrChange[], flag: boolean): string[] {
  const tags = new Set<string>(["[S1]", "[S2]"]);
  if (!flag) tags.add("B2");
  if (changes.some((c) => c.path === "active") && !flag) tags.add("B1");
  if (changes.some((c) => c.path === "active" && c.op === "Add")) tags.add("B3");
  if (flag && changes.some((c) => c.op === "Replace" && c.path !== "active" && !c.path.includes("[")))
    tags.add("B5");
  if (changes.some((c) => c.path.includes("["))) tags.add("B10");
  if (changes.some((c) => c.path === MANAGER_PATH)) tags.add("B11");
  return [...tags];
}

/** Sends one update PATCH for `changes` and records what the target now holds. */
export function* sendUserPatch(f: EntraFlow, key: string, changes: AttrChange[], main: boolean): Flow {
  const record = userRecord(f.ctx.state, key);
  if (record.targetId === undefined) return false;
  const flag = f.opts.aadOptscim062020;
  const evidence = patchEvidence(changes, flag);
  const request = entraRequest(
    "update",
    `Update user ${key}: ${changes.map((c) => `${c.op} ${c.path}`).join(", ")}`,
    "PATCH",
    userPath(record.targetId),
    { body: userPatchBody(changes, flag), main: claimMain(f, main), evidence },
  );
  const ans = yield* entraSend(f.ctx, request, "write");
  if (ans === undefined) return false;
  const applied = checkUserPatch(
    f.ctx,
    ans,
    changes.map((c) => [c.path, c.value] as const),
    evidence,
  );
  if (applied) {
    f.ctx.state.recordExport(key, Object.fromEntries(changes.map((c) => [c.path, c.value])));
  }
  return applied;
}

/**
 * Brings a matched or re-read user in line with the source: Add what the target lacks, Replace what
 * differs (§1.5.4). With `fidelity`, values Entra already exported but the target does not hold are the
 * round-trip drift that makes Entra re-PATCH every cycle [C3] [S1].
 */
function* patchToMatch(
  f: EntraFlow,
  key: string,
  current: JsonRecord,
  main: boolean,
  fidelity: boolean,
): Flow {
  const record = userRecord(f.ctx.state, key);
  const wanted = entraUserAttributes(record.source, f.opts.mapping);
  const changes = diffAttributes(wanted, (path) => readPath(current, path));
  const before = record.lastExported;
  if (fidelity && before !== undefined) {
    const drift = changes.filter((c) => sameValue(c.value, before[c.path]));
    if (drift.length > 0) {
      f.ctx.fail({
        ruleId: ENTRA_RULE.roundTrip,
        title: "Values do not round-trip",
        message: `The target does not return what Entra stored for user ${key} (${drift.map((c) => c.path).join(", ")}); Entra re-PATCHes them every cycle [C3]. Store values exactly as sent [S1].`,
        expected: Object.fromEntries(drift.map((c) => [c.path, c.value])),
        actual: Object.fromEntries(drift.map((c) => [c.path, readPath(current, c.path) ?? null])),
        evidence: drift.some((c) => c.path === "active") ? ["[C3]", "[S1]", "[C8]", "B3"] : ["[C3]", "[S1]"],
      });
    }
  }
  if (changes.length === 0) {
    f.ctx.state.recordExport(key, exportedRecord(wanted));
    f.ctx.note(`user ${key}: target already in sync, no PATCH [S3]`);
    return true;
  }
  return yield* sendUserPatch(f, key, changes, main);
}

/** A later cycle: `GET /Users/{id}` with the cached id [S3] [C3], then only the differing attributes. */
function* refreshUser(f: EntraFlow, key: string, main: boolean): Flow {
  const record = userRecord(f.ctx.state, key);
  if (record.targetId === undefined) return false;
  const request = entraRequest("read", `Read user ${key} by cached id`, "GET", userPath(record.targetId), {
    evidence: ["[S1]", "[S3]", "[C3]"],
  });
  const ans = yield* entraSend(f.ctx, request, "read");
  if (ans === undefined) return false;
  const current = checkLinkedGet(f.ctx, ans, "User");
  if (current === undefined) return false;
  f.fetched.set(key, current);
  return yield* patchToMatch(f, key, current, main, true);
}

function matchingValue(attribute: string, hit: JsonRecord, value: string): boolean {
  const got = getCI(hit, attribute);
  if (typeof got !== "string") return true; // not returned: nothing to judge
  return attribute === "userName" ? got.toLowerCase() === value.toLowerCase() : got === value;
}

/**
 * Provisions one in-scope user: by cached id when linked, else the matching lookups in precedence order
 * (stop at the first hit [S6]; more than one hit is DuplicateTargetEntries [S8]), a create on a miss.
 */
export function* provisionUser(f: EntraFlow, key: string, main: boolean): Flow {
  const record = userRecord(f.ctx.state, key);
  if (record.targetId !== undefined) return yield* refreshUser(f, key, main);
  const source = record.source;
  let tried = 0;
  for (const attribute of f.opts.matching) {
    const value = attribute === "userName" ? source.userName : source.externalId;
    if (value === "") continue;
    tried += 1;
    const path = userFilterPath(attribute, value, f.opts.filterEncoding);
    const request = entraRequest("lookup", `Match user ${key} on ${attribute}`, "GET", path, {
      evidence: ["[S1]", "[S6]", "[C1]", "[C3]"],
    });
    const ans = yield* entraSend(f.ctx, request, "filter");
    if (ans === undefined) return false;
    const list = readFilterAnswer(f.ctx, ans);
    if (list === undefined) return false;
    if (list.total === 0 && list.resources.length === 0) continue;
    const hit = list.resources[0];
    if (list.total > 1 || list.resources.length > 1 || hit === undefined) {
      report(f.ctx, ans.ex, {
        ruleId: ENTRA_RULE.singleMatch,
        message: `More than one target user matches ${attribute} eq "${value}": Entra logs DuplicateTargetEntries and skips the user [S8].`,
        expected: 1,
        actual: { totalResults: list.total, Resources: list.resources.length },
        evidence: ["[S6]", "[S8]"],
      });
      return false;
    }
    const id = resourceId(hit);
    if (id === undefined || !matchingValue(attribute, hit, value)) {
      report(f.ctx, ans.ex, {
        ruleId: id === undefined ? ENTRA_RULE.listResponse : ENTRA_RULE.filterHonoured,
        message:
          id === undefined
            ? "Every returned resource needs an id [S1]."
            : `The filter ${attribute} eq "${value}" returned a user with ${attribute} "${String(getCI(hit, attribute))}".`,
        actual: hit,
        evidence: ["[S1]"],
        rfc: "RFC 7644 §3.4.2.2",
      });
      return false;
    }
    f.ctx.state.linkUser(key, id);
    f.ctx.note(`user ${key}: matched on ${attribute} and linked to target id ${id}; no create [S3]`);
    return yield* patchToMatch(f, key, hit, main, false);
  }
  if (tried === 0) {
    f.ctx.note(`user ${key}: no value for any matching attribute: ImportSkipped [S6] [S8]`);
    return false;
  }
  const create = entraRequest("create", `Create user ${key}`, "POST", "/Users", {
    body: createUserBody(source, f.opts.mapping),
    main: claimMain(f, main),
    evidence: ["[S1]", "Part 4 item 6"],
  });
  const ans = yield* entraSend(f.ctx, create, "write");
  if (ans === undefined) return false;
  const id = checkCreated(f.ctx, ans, "User");
  if (id === undefined) return false;
  f.ctx.state.linkUser(key, id);
  f.ctx.state.recordExport(key, exportedRecord(entraUserAttributes(source, f.opts.mapping)), true);
  return true;
}
