/**
 * Okta user flows [O1]: test connection, import by pages of 100, match by userName then create, profile
 * updates by GET + PUT, activation and deactivation (PATCH in OIN apps, GET + PUT in AIW apps). Okta never
 * DELETEs users [O1].
 */
import type { Exchange } from "../../http/exchange.ts";
import { plannedRequest } from "../common/model-flow.ts";
import type { FlowBase, RequestExtra } from "../common/model-flow.ts";
import { resourceId } from "../common/scim-read.ts";
import type { JsonRecord } from "../common/scim-read.ts";
import { applyUserChanges, inScope } from "../common/source-directory.ts";
import type { UserChanges } from "../common/source-directory.ts";
import { userRecord } from "../directory-state.ts";
import type { PlannedRequest, RequestRole } from "../idp-model.ts";
import type { OktaOptions } from "./okta-options.ts";
import {
  activePatchBody,
  passwordPatchBody,
  createUserBody,
  mergedPutBody,
  OKTA_PAGE,
  OKTA_USER_AGENT,
  pagePath,
  userLookupPath,
  usersPath,
} from "./okta-requests.ts";
import {
  OKTA_RULE,
  oktaCreated,
  oktaPutDone,
  oktaReadList,
  oktaReadUser,
  oktaReport,
  oktaSend,
  oktaSucceeded,
} from "./okta-responses.ts";

/** What every Okta flow needs. */
export interface OktaFlow extends FlowBase {
  opts: OktaOptions;
}

export type OktaGen<T = boolean> = Generator<PlannedRequest, T, Exchange>;

/** Import stops after this many pages (a server whose `totalResults` never ends). */
export const MAX_IMPORT_PAGES = 100;

/** A planned Okta request with its User-Agent [O1]; the first one asking for `main` in a step gets it. */
export const oktaRequest = (
  f: OktaFlow,
  role: RequestRole,
  label: string,
  method: PlannedRequest["method"],
  path: string,
  extra: RequestExtra,
): PlannedRequest =>
  plannedRequest(f, role, label, method, path, { ...extra, headers: { "User-Agent": OKTA_USER_AGENT } });

/** Test API Credentials: `GET /Users?startIndex=1&count=2`, a ListResponse with integer paging [O2] [O3]. */
export function* testConnection(f: OktaFlow): OktaGen<void> {
  const request = oktaRequest(f, "probe", "Test API credentials", "GET", pagePath(1, 2), {
    main: true,
    evidence: ["[O2]", "[O3]"],
  });
  const ans = yield* oktaSend(f.ctx, request);
  if (ans !== undefined) oktaReadList(f.ctx, ans);
}

/** What an import walks: the endpoint, and how a resource of this run is matched to its source key. */
interface ImportKind {
  endpoint: "Users" | "Groups";
  noun: string;
  /** Links the resources of this run that Okta does not know yet to their source key; returns the ids Okta had. */
  link(f: OktaFlow, resource: JsonRecord, id: string): void;
  known(f: OktaFlow): { key: string; targetId: string | undefined }[];
}

const USERS: ImportKind = {
  endpoint: "Users",
  noun: "user",
  // Okta's import matching by userName (inferred).
  link(f, resource, id) {
    const userName = String(resource.userName ?? "");
    for (const [key, record] of f.ctx.state.users) {
      if (record.targetId === undefined && record.source.userName === userName) f.ctx.state.linkUser(key, id);
    }
  },
  known: (f) => [...f.ctx.state.users.values()].map((u) => ({ key: u.source.key, targetId: u.targetId })),
};

const GROUPS: ImportKind = {
  endpoint: "Groups",
  noun: "group",
  // Groups are matched by displayName, as Okta looks them up [O8] (inferred for the import).
  link(f, resource, id) {
    const displayName = String(resource.displayName ?? "");
    for (const [key, group] of f.ctx.state.groups) {
      if (group.targetId === undefined && group.displayName === displayName)
        f.ctx.state.linkGroup(key, id, false);
    }
  },
  known: (f) => [...f.ctx.state.groups.entries()].map(([key, g]) => ({ key, targetId: g.targetId })),
};

/**
 * Import: users, then groups, in pages of 100 by `startIndex` until `totalResults` is reached [O1]. Each
 * resource must come once (one order for every page [O1], RFC 7644 §3.4.2.4); every resource Okta
 * provisioned must be among them. Groups are imported only when the scenario has groups.
 */
export function* importUsers(f: OktaFlow): OktaGen {
  if (!(yield* importPages(f, USERS))) return false;
  if (f.ctx.state.groups.size === 0) return true;
  return yield* importPages(f, GROUPS);
}

function* importPages(f: OktaFlow, kind: ImportKind): OktaGen {
  const seen = new Map<string, number>();
  const duplicates = new Set<string>();
  const exchanges: string[] = [];
  const totals = new Set<number>();
  let startIndex = 1;
  let total = 0;
  for (let page = 1; page <= MAX_IMPORT_PAGES; page++) {
    const path = pagePath(startIndex, OKTA_PAGE, kind.endpoint);
    const request = oktaRequest(f, "read", `Import ${kind.noun}s, page ${page}`, "GET", path, {
      main: page === 1 && kind === USERS,
      evidence: ["[O1]"],
    });
    const ans = yield* oktaSend(f.ctx, request);
    const list = ans && oktaReadList(f.ctx, ans);
    if (ans === undefined || list === undefined) return false;
    exchanges.push(ans.ex.id);
    total = list.total;
    totals.add(total);
    for (const resource of list.resources) {
      const id = resourceId(resource);
      if (id === undefined) continue;
      if (seen.has(id)) duplicates.add(id);
      seen.set(id, page);
      kind.link(f, resource, id);
    }
    if (list.resources.length === 0 || startIndex + OKTA_PAGE > total) break;
    startIndex += OKTA_PAGE;
  }
  const missing = kind
    .known(f)
    .filter((r) => r.targetId !== undefined && !seen.has(r.targetId))
    .map((r) => r.key);
  if ((duplicates.size > 0 || missing.length > 0) && totals.size > 1) {
    // totalResults moved between pages: someone wrote to the SP during the import, and any server's pages
    // shift then; the order is not judged (no false failure on a shared tenant).
    f.ctx.note(
      `import of ${kind.noun}s: totalResults changed between pages (${[...totals].join(" → ")}); ${duplicates.size} duplicate(s) and ${missing.length} missing ${kind.noun}(s) not judged`,
    );
    return true;
  }
  if (duplicates.size > 0 || missing.length > 0) {
    f.ctx.fail({
      ruleId: OKTA_RULE.stableOrder,
      message: `Import of ${kind.noun}s by pages of ${OKTA_PAGE} saw ${duplicates.size} ${kind.noun}(s) on two pages${missing.length > 0 ? ` and missed ${missing.length} ${kind.noun}(s) of this run (${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ", …" : ""})` : ""}: the order changed between pages, so Okta imports some twice and never sees others [O1].`,
      expected: `every ${kind.noun} once`,
      actual: { duplicates: duplicates.size, missing: missing.length, totalResults: total },
      evidence: ["[O1]"],
      rfc: "RFC 7644 §3.4.2.4",
      exchangeIds: exchanges,
    });
    return false;
  }
  f.ctx.note(`import: ${seen.size} ${kind.noun}(s) in ${exchanges.length} page(s) of ${OKTA_PAGE} [O1]`);
  return true;
}

/**
 * GET `/Users/{id}`, merge the change, PUT the whole user [O1] (OIN profile updates; every AIW update).
 */
export function* getThenPut(
  f: OktaFlow,
  key: string,
  active: boolean,
  label: string,
  main = true,
  password?: string,
): OktaGen {
  const record = userRecord(f.ctx.state, key);
  if (record.targetId === undefined) return false;
  const get = oktaRequest(f, "read", `${label}: read the user`, "GET", usersPath(record.targetId), {
    evidence: ["[O1]"],
  });
  const got = yield* oktaSend(f.ctx, get);
  const current = got && oktaReadUser(f.ctx, got, record.targetId);
  if (current === undefined) return false;
  const body = mergedPutBody(current, record.source, active);
  const put = oktaRequest(f, "update", label, "PUT", usersPath(record.targetId), {
    body: password === undefined ? body : { ...body, password },
    main,
    evidence: ["[O1]"],
    inferred: password !== undefined,
  });
  const ans = yield* oktaSend(f.ctx, put);
  if (ans === undefined || !oktaPutDone(f.ctx, ans)) return false;
  f.ctx.state.recordExport(key, body, true);
  return true;
}

/**
 * Password sync: OIN apps PATCH it, AIW apps send every user update as a PUT [O1]. Neither body is
 * documented (inferred: the deactivation's PATCH form; the profile PUT with `password` added). The new
 * password is seeded per user and sync, and never recorded as exported (`returned: never`, RFC 7643 §4.1.1).
 */
export function* syncPassword(f: OktaFlow, key: string): OktaGen {
  const record = userRecord(f.ctx.state, key);
  if (record.targetId === undefined || !inScope(f.ctx.state, key)) {
    f.ctx.note(`user ${key} is not provisioned by Okta: no password sync sent`);
    return true;
  }
  const password = f.ctx.state.values.fork("okta-password-sync", key).hex(12);
  const label = `Sync the password of ${key}`;
  if (f.opts.appKind === "aiw")
    return yield* getThenPut(f, key, record.source.active, `${label} (AIW: PUT)`, true, password);
  const request = oktaRequest(f, "update", label, "PATCH", usersPath(record.targetId), {
    body: passwordPatchBody(password),
    main: true,
    inferred: true,
    evidence: ["[O1]"],
  });
  const ans = yield* oktaSend(f.ctx, request);
  return ans !== undefined && oktaSucceeded(f.ctx, ans, "patch", ["[O1]"]);
}

/** Activate / deactivate: OIN `PATCH replace value {active}` without a path; AIW GET + PUT [O1]. */
export function* setActive(f: OktaFlow, key: string, active: boolean): OktaGen {
  const record = userRecord(f.ctx.state, key);
  if (record.targetId === undefined) return true;
  const label = `${active ? "Activate" : "Deactivate"} user ${key}`;
  if (f.opts.appKind === "aiw") return yield* getThenPut(f, key, active, `${label} (AIW: PUT)`);
  const request = oktaRequest(f, "update", label, "PATCH", usersPath(record.targetId), {
    body: activePatchBody(active),
    main: true,
    evidence: ["[O1]"],
  });
  const ans = yield* oktaSend(f.ctx, request);
  if (ans === undefined || !oktaSucceeded(f.ctx, ans, "patch", ["[O1]"])) return false;
  f.ctx.state.recordExport(key, { active });
  return true;
}

/** Assignment: linked → profile push; else match by userName, then create on a miss [O1]. */
export function* provisionUser(f: OktaFlow, key: string, main = true): OktaGen {
  const record = userRecord(f.ctx.state, key);
  if (record.targetId !== undefined)
    return yield* getThenPut(f, key, record.source.active, `Push profile of ${key}`, main);
  const lookup = oktaRequest(
    f,
    "lookup",
    `Match user ${key} by userName`,
    "GET",
    userLookupPath(record.source.userName),
    { evidence: ["[O1]"] },
  );
  const ans = yield* oktaSend(f.ctx, lookup, true);
  const found = ans && oktaReadList(f.ctx, ans, true);
  if (ans === undefined || found === undefined) return false;
  if (found.resources.length > 1) {
    oktaReport(f.ctx, ans.ex, {
      ruleId: OKTA_RULE.singleMatch,
      message: `${found.resources.length} users match userName "${record.source.userName}": the filter must check a unique attribute [O1].`,
      expected: 1,
      actual: found.resources.length,
      evidence: ["[O1]"],
    });
    return false;
  }
  const hit = resourceId(found.resources[0]);
  if (hit !== undefined) {
    f.ctx.state.linkUser(key, hit);
    f.ctx.note(`user ${key}: matched by userName, Okta sends its profile instead of creating it [O1]`);
    return yield* getThenPut(f, key, record.source.active, `Push profile of matched user ${key}`, main);
  }
  // The placeholder password Okta sends on every create [O4]: seeded, so a pinned run repeats it.
  const body = createUserBody(record.source, f.ctx.state.values.fork("okta-password", key).hex(8));
  const create = oktaRequest(f, "create", `Create user ${key}`, "POST", "/Users", {
    body,
    main,
    evidence: ["[O1]", "[O4]"],
  });
  const created = yield* oktaSend(f.ctx, create);
  const id = created && oktaCreated(f.ctx, created, "User");
  if (id === undefined) return false;
  f.ctx.state.linkUser(key, id);
  const { password: _placeholder, ...exported } = body;
  f.ctx.state.recordExport(key, exported, true);
  return true;
}

/** A profile change: GET + PUT for both app kinds [O1]. */
export function* updateUser(f: OktaFlow, key: string, set: UserChanges): OktaGen {
  const record = userRecord(f.ctx.state, key);
  applyUserChanges(f.ctx.state, key, set);
  if (!inScope(f.ctx.state, key)) {
    f.ctx.note(`user ${key} is not assigned to the app: nothing sent`);
    return true;
  }
  if (record.targetId === undefined) return yield* provisionUser(f, key);
  return yield* getThenPut(f, key, record.source.active, `Update user ${key}`);
}

/** Suspend / deactivate / unassign / delete in Okta all set `active` false on the SP [O1]. */
export function* changeActive(f: OktaFlow, key: string, active: boolean, why: string): OktaGen {
  const record = userRecord(f.ctx.state, key);
  f.ctx.state.changeSource(key, { active });
  if (record.targetId === undefined) {
    f.ctx.note(`user ${key} is not provisioned by Okta: nothing sent`);
    return true;
  }
  if (why !== "") f.ctx.note(why);
  return yield* setActive(f, key, active);
}
