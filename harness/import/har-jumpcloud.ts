/**
 * JumpCloud recordings: how they are recognised, and the JumpCloud IdP-level steps they amount to.
 *
 * Recognition (idp-behaviour.md Part 2): JumpCloud documents no wire format and no User-Agent (§2.1 [J5]),
 * so a recording is taken as JumpCloud's from request shapes only, always inferred: the full user PUT
 * carrying the SP's `id` with the enterprise schema listed first, or the minimal one with `"emails": null`
 * (§2.4.2 [J6]); a user create with `locale`, `preferredLanguage` and `phoneNumbers` sent unasked and the
 * enterprise URN listed (§2.4.1 [J6]); the activation test, a user and a group created and deleted again
 * at once (§2.2 [J1], sequence inferred). Member PATCHes with value arrays ([J7] [J8]) are Entra's form too
 * (B4), so they are no sign.
 *
 * IdP-level steps: a request becomes a step only when it is exactly what the JumpCloud model
 * (harness/idp/jumpcloud) sends for that step, checked by rebuilding the body with the model's own request
 * builders. Activation → testConnection (JC1); lookup + POST /Users, or a lookup that finds the user + PUT
 * (fixture `existsInTarget`) → assignUser (JC2); full or minimal PUT → updateUser (JC3; a new userName,
 * or a new Employee ID sent as externalId [J10], with the run's own values), or disableUser /
 * enableUser when only `active` changed (JC4; PATCH replace active too); users created just before a
 * group's lookup + POST (or takeover of the group found, `existsInTarget`) + members add, or before a
 * members add, are provisioned by that group step (JC5); value-array or filter remove → removeMembers
 * (JC6); PATCH or PUT rename → renameGroup (JC7); DELETE → deleteUser / deleteGroup (JC8), a group removal
 * or delete taking with it the deactivations of the members no other managed group covers ([J4], seed
 * 002). The forms seen become the model's options (`putBody`, `deactivateMethod`, …). Suspending a user,
 * unbinding it and disassociating its only group (JC9) send the same deactivation; it is written as
 * disableUser, the step that invents nothing about the group. One request the model does not send, or
 * options that disagree, and the file keeps raw `request` steps, saying which request.
 */
import { isDeepStrictEqual } from "node:util";
import type { FixtureGroup, FixtureUser, Step } from "../scenario/scenario-schema.ts";
import type { SourceUser } from "../idp/directory-state.ts";
import { parseJumpCloudOptions } from "../idp/jumpcloud/jumpcloud-options.ts";
import type { JumpCloudOptions } from "../idp/jumpcloud/jumpcloud-options.ts";
import {
  activePatchBody,
  addMembersBody,
  createGroupBody,
  createUserBody,
  groupPutBody,
  putUserBody,
  removeMembersBody,
  renamePatchBody,
} from "../idp/jumpcloud/jumpcloud-requests.ts";
import { SCHEMA_ENTERPRISE_USER, SCHEMA_USER } from "../scim/schemas.ts";
import type { IdpPlan } from "./har-idp.ts";
import { DISCOVERY, PATCH_OK, fixtureUser, givenOf, json, lookup, record } from "./har-idp.ts";
import type { HarExchange } from "./har-read.ts";
import type { PlannedStep } from "./planned-step.ts";
import type { Pseudonymizer } from "./pseudonymizer.ts";

const HEX24 = /^[0-9a-f]{24}$/;
/** RFC 7644 §3.5.1: "a successful PUT operation returns a 200 OK response code". */
const PUT_OK = [200];
/** The answers after which the model deactivates the test user instead of deleting it [J1]. */
const NO_DELETE = [404, 405, 501];

/** A user as a JumpCloud body shows it (the fields the model's builders read). */
interface JcUser {
  userName: string;
  displayName: string;
  email: string;
  givenName: string;
  familyName: string;
  title?: string | undefined;
  department?: string | undefined;
  phone?: string | undefined;
  locality?: string | undefined;
  externalId?: string | undefined;
  active: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const first = (v: unknown) => (Array.isArray(v) ? record(v[0]) : undefined);

function readUser(body: Record<string, unknown>): JcUser {
  const name = record(body.name) ?? {};
  return {
    userName: str(body.userName) ?? "",
    displayName: str(body.displayName) ?? "",
    email: str(first(body.emails)?.value) ?? "",
    givenName: str(name.givenName) ?? "",
    familyName: str(name.familyName) ?? "",
    title: str(body.title),
    department: str(record(body[SCHEMA_ENTERPRISE_USER])?.department),
    phone: str(first(body.phoneNumbers)?.value),
    locality: str(first(body.addresses)?.locality),
    externalId: str(body.externalId),
    active: body.active === true,
  };
}

/** The source user the model would have built that body from; `externalId` serves both option forms. */
const sourceOf = (u: JcUser): SourceUser => ({
  ...u,
  key: "recorded",
  externalId: u.externalId ?? "",
  ...(u.externalId !== undefined ? { employeeNumber: u.externalId } : {}),
});

/** `objectId` when the body's externalId is a 24-hex object id [J6], else the Employee ID form [J10]. */
const externalIdForm = (body: Record<string, unknown>): JumpCloudOptions["externalId"] =>
  HEX24.test(str(body.externalId) ?? "") ? "objectId" : "employeeId";

const options = (raw: Partial<Record<"externalId" | "putBody", string>>): JumpCloudOptions =>
  parseJumpCloudOptions(raw);

/** The user create body, if it is exactly the model's `createUserBody` (§2.4.1 [J6]). */
function exactCreate(x: HarExchange | undefined): Record<string, unknown> | undefined {
  if (x?.method !== "POST" || x.endpoint.toLowerCase() !== "users") return undefined;
  const body = record(json(x.body));
  if (body === undefined) return undefined;
  const rebuilt = createUserBody(sourceOf(readUser(body)), options({ externalId: externalIdForm(body) }));
  return isDeepStrictEqual(body, rebuilt) ? body : undefined;
}

/** The form of a user PUT to `id`, if it is exactly the model's full or minimal `putUserBody` (§2.4.2 [J6]). */
function exactPut(x: HarExchange, id: string): "full" | "minimal" | undefined {
  const body = record(json(x.body));
  if (body === undefined || x.method !== "PUT") return undefined;
  const user = readUser(body);
  for (const putBody of ["full", "minimal"] as const) {
    const opts = options({ externalId: externalIdForm(body), putBody });
    if (isDeepStrictEqual(body, putUserBody(sourceOf(user), id, opts, user.active))) return putBody;
  }
  return undefined;
}

const exactly = (x: HarExchange | undefined, method: string, built: unknown): boolean =>
  x?.method === method && isDeepStrictEqual(json(x.body), built);

/** The ids of a value-array members PATCH (`{"value": id}` objects only), in order. */
function memberValues(x: HarExchange, op: "add" | "remove"): string[] | undefined {
  const ops = record(json(x.body))?.Operations;
  const value = Array.isArray(ops) ? record(ops[0])?.value : undefined;
  const ids = Array.isArray(value) ? value.map((m) => str(record(m)?.value)) : [];
  if (ids.length === 0 || ids.some((id) => id === undefined)) return undefined;
  const builder = op === "add" ? addMembersBody : removeMembersBody;
  return exactly(x, "PATCH", builder(ids as string[])) ? (ids as string[]) : undefined;
}

/** The ids of a filter-form members removal (`members[value eq "…"]` per member, [J9]), in order. */
function filterRemoval(x: HarExchange): string[] | undefined {
  const ops = record(json(x.body))?.Operations;
  const ids = (Array.isArray(ops) ? ops : []).map(
    (o) => /^members\[value eq "([^"\\]*)"\]$/.exec(str(record(o)?.path) ?? "")?.[1],
  );
  if (ids.length === 0 || ids.some((id) => id === undefined)) return undefined;
  return exactly(x, "PATCH", removeMembersBody(ids as string[], "filter")) ? (ids as string[]) : undefined;
}

const idIn = (x: HarExchange | undefined, endpoint: "users" | "groups"): string | undefined => {
  const m = /^\/(Users|Groups)\/([^/?]+)$/i.exec(x?.path ?? "");
  return m !== null && m[1]!.toLowerCase() === endpoint ? decodeURIComponent(m[2]!).toLowerCase() : undefined;
};
const createdId = (x: HarExchange): string | undefined =>
  x.status === 201 ? str(record(json(x.responseBody))?.id) : undefined;
/** A `<attribute> eq "…"` lookup on `endpoint` answered by a ListResponse: the value and the match's id, if one. */
function listLookup(
  x: HarExchange,
  endpoint: "users" | "groups",
  attribute: string,
): { value: string; id?: string } | undefined {
  const found = lookup(x);
  const listed = record(json(x.responseBody));
  const resources = Array.isArray(listed?.Resources) ? listed.Resources : [];
  if (x.method !== "GET" || x.endpoint.toLowerCase() !== endpoint || x.status !== 200) return undefined;
  if (found?.attribute.toLowerCase() !== attribute.toLowerCase()) return undefined;
  if (listed?.totalResults === 0 || (resources.length === 0 && Array.isArray(listed?.Resources)))
    return { value: found.value };
  const id = str(record(resources[0])?.id);
  return resources.length === 1 && id !== undefined ? { value: found.value, id } : undefined;
}

/** The request shapes that mark a recording as JumpCloud's (each inferred: JumpCloud never names itself). */
export function jumpCloudSigns(exchanges: readonly HarExchange[]): string[] {
  const signs: string[] = [];
  const bodies = exchanges.map((x) => ({ x, body: record(json(x.body)) }));
  const puts = bodies.filter(({ x }) => x.method === "PUT" && x.endpoint.toLowerCase() === "users");
  const schemas = (b?: Record<string, unknown>) => (Array.isArray(b?.schemas) ? b.schemas : []);
  if (
    puts.some(
      ({ x, body }) =>
        str(body?.id) !== undefined &&
        idIn(x, "users") === str(body?.id)?.toLowerCase() &&
        isDeepStrictEqual(schemas(body), [SCHEMA_ENTERPRISE_USER, SCHEMA_USER]),
    )
  )
    signs.push("a full user PUT with the SP's id and the enterprise schema listed first (§2.4.2 [J6])");
  if (puts.some(({ body }) => body !== undefined && "emails" in body && body.emails === null))
    signs.push('a minimal user PUT with "emails": null (§2.4.2 [J6])');
  if (
    bodies.some(
      ({ x, body }) =>
        x.method === "POST" &&
        x.endpoint.toLowerCase() === "users" &&
        body !== undefined &&
        ["locale", "preferredLanguage", "phoneNumbers"].every((k) => k in body) &&
        isDeepStrictEqual(schemas(body), [SCHEMA_USER, SCHEMA_ENTERPRISE_USER]),
    )
  )
    signs.push(
      "a user create with locale, preferredLanguage and phoneNumbers and the enterprise URN listed (§2.4.1 [J6])",
    );
  if (exchanges.some((_, at) => activation(exchanges, at) !== undefined))
    signs.push(
      "a test user and a test group created and deleted at once, like activation (§2.2 [J1], inferred)",
    );
  return signs;
}

/** JC1 at `at`: POST user, POST group, DELETE user (or, unsupported, a deactivating PUT), DELETE group. */
function activation(xs: readonly HarExchange[], at: number): number | undefined {
  const [user, group, del] = [xs[at]!, xs[at + 1], xs[at + 2]];
  const userId = exactCreate(user) !== undefined ? createdId(user) : undefined;
  const groupId = group !== undefined && group.method === "POST" ? createdId(group) : undefined;
  const name = str(record(json(group?.body))?.displayName);
  if (userId === undefined || groupId === undefined || name === undefined) return undefined;
  if (!exactly(group, "POST", createGroupBody(name)) || del?.method !== "DELETE") return undefined;
  if (idIn(del, "users") !== userId.toLowerCase()) return undefined;
  let next = at + 3;
  if (del.status !== undefined && NO_DELETE.includes(del.status)) {
    const put = xs[next];
    if (idIn(put, "users") !== userId.toLowerCase() || exactPut(put!, userId) !== "full") return undefined;
    next++;
  }
  const delGroup = xs[next];
  return delGroup?.method === "DELETE" && idIn(delGroup, "groups") === groupId.toLowerCase()
    ? next + 1 - at
    : undefined;
}

interface UserMemo {
  key: string;
  id: string;
  last: JcUser;
  direct: boolean;
}
interface GroupMemo {
  key: string;
  id: string;
  members: string[];
}

/** Source attributes an `updateUser` step can carry, with how their values are pseudonymised. */
const CHANGES = [
  ["givenName", "givenName"],
  ["familyName", "familyName"],
  ["displayName", "displayName"],
  ["email", "address"],
  ["phone", "phone"],
  ["locality", "locality"],
  ["title", undefined],
  ["department", undefined],
] as const;
const MINIMAL: readonly (keyof JcUser)[] = ["userName", "givenName", "familyName"];

/**
 * The JumpCloud IdP-level steps of a recording, or the first request that has none. Source values become
 * the fixtures (personal ones pseudonymised); userNames, e-mails, ids and object ids are the run's own.
 */
export function planJumpCloudSteps(exchanges: readonly HarExchange[], pii: Pseudonymizer): IdpPlan {
  const users: Record<string, FixtureUser> = {};
  const groups: Record<string, FixtureGroup> = {};
  const byId = new Map<string, UserMemo | GroupMemo>();
  const userMemo = new Map<string, UserMemo>();
  const groupMemo = new Map<string, GroupMemo>();
  const planned: PlannedStep[] = [];
  const dropped: string[] = [];
  const forms = new Map<string, Set<string>>();
  const form = (name: string, value: string) => forms.set(name, (forms.get(name) ?? new Set()).add(value));
  /** Disable / enable steps and the deactivations other steps carry, with their method (JC4). */
  const actives: { step: Step; method: string; fixed: boolean }[] = [];
  /** Users provisioned since the last other step: a group step that follows may provision them itself. */
  let pending: { key: string; comment: string[]; status: number[] }[] = [];
  const where = (x: HarExchange) => `entries[${x.index}] ${x.method} ${x.path.split("?")[0]}`;
  const line = (x: HarExchange) => `${where(x)} · recorded ${x.status ?? "no response"}`;
  const raw = (x: HarExchange, why: string): IdpPlan => ({ reason: `${where(x)} ${why}` });
  const flush = (keep: ReadonlySet<string> = new Set()) => {
    for (const p of pending.filter((p) => !keep.has(p.key))) {
      userMemo.get(p.key)!.direct = true;
      planned.push({
        step: { do: "assignUser", user: p.key, title: `Assign ${p.key}`, expect: { status: p.status } },
        comment: p.comment,
      });
    }
    pending = [];
  };
  const userOf = (x: HarExchange) => {
    const memo = byId.get(idIn(x, "users") ?? "");
    return memo !== undefined && "last" in memo ? memo : undefined;
  };
  const groupOf = (x: HarExchange) => {
    const memo = byId.get(idIn(x, "groups") ?? "");
    return memo !== undefined && "members" in memo ? memo : undefined;
  };
  const covered = (key: string) =>
    userMemo.get(key)!.direct || [...groupMemo.values()].some((g) => g.members.includes(key));

  /** A deactivation of `user` (the model's setActive with active false), if `x` is one. */
  const deactivation = (x: HarExchange | undefined, user: UserMemo): string | undefined => {
    if (x === undefined || idIn(x, "users") !== user.id.toLowerCase()) return undefined;
    if (exactly(x, "PATCH", activePatchBody(false))) return "patch";
    const put = exactPut(x, user.id);
    const now = readUser(record(json(x.body)) ?? {});
    const same = (put === "minimal" ? MINIMAL : (Object.keys(now) as (keyof JcUser)[])).every(
      (k) => k === "active" || now[k] === user.last[k],
    );
    if (put === undefined || now.active || !same) return undefined;
    form("putBody", put);
    return "put";
  };
  /** The deactivations the model sends after `keys` lose a group (only those no other group covers). */
  const takeDeactivations = (at: number, keys: readonly string[]) => {
    const due = keys.filter((k) => !covered(k) && userMemo.get(k)!.last.active);
    const methods = due.map((k, i) => deactivation(exchanges[at + i], userMemo.get(k)!));
    if (methods.some((m) => m === undefined)) return undefined;
    due.forEach((k, i) => {
      userMemo.get(k)!.last.active = false;
      actives.push({ step: { do: "disableUser", user: k }, method: methods[i]!, fixed: true });
    });
    return { due, lines: due.map((_, i) => line(exchanges[at + i]!)) };
  };
  /** A user bound by a create, or (`existing`) found by the lookup and updated by PUT (JC2). */
  const provision = (
    x: HarExchange,
    body: Record<string, unknown>,
    lookedUp: boolean,
    lines: string[],
    existing?: string,
  ) => {
    const key = `u${Object.keys(users).length + 1}`;
    const id = existing ?? createdId(x) ?? `unknown:${key}`;
    const fixture: FixtureUser = {
      ...fixtureUser(body, pii),
      ...(existing !== undefined ? { existsInTarget: true } : {}),
    };
    const u = readUser(body);
    if (u.phone !== undefined) fixture.phone = pii.value("phone", u.phone.replace(/^tel:/, ""));
    if (u.locality !== undefined) fixture.locality = pii.value("locality", u.locality);
    if (externalIdForm(body) === "employeeId" && u.externalId !== undefined)
      fixture.employeeNumber = pii.value("number", u.externalId);
    users[key] = fixture;
    const memo: UserMemo = { key, id, last: u, direct: false };
    userMemo.set(key, memo);
    byId.set(id.toLowerCase(), memo);
    form("userLookup", String(lookedUp));
    if (body.externalId !== undefined || existing === undefined) form("externalId", externalIdForm(body));
    const note =
      existing !== undefined
        ? "the userName lookup found the user: JumpCloud updates it by PUT instead of creating it (JC2, inferred); fixture existsInTarget"
        : lookedUp
          ? "the userName lookup before it found nothing (JC2; filter inferred [J1])"
          : "no lookup before the create (option userLookup false)";
    const rfc = existing !== undefined ? "RFC 7644 §3.5.1: 200" : "RFC 7644 §3.3: 201 Created";
    pending.push({ key, comment: [...lines, note, rfc], status: existing !== undefined ? PUT_OK : [201] });
  };

  let at = 0;
  while (at < exchanges.length) {
    const x = exchanges[at]!;
    const endpoint = x.endpoint.toLowerCase();
    const next = exchanges[at + 1];
    if (x.method === "GET" && DISCOVERY.test(x.endpoint)) {
      at++; // the harness reads discovery itself
      continue;
    }
    if (x.method === "GET" && (userOf(x) ?? groupOf(x)) !== undefined) {
      at++; // a re-read of a known object changes nothing
      continue;
    }
    if (
      x.method === "GET" &&
      lookup(x) === undefined &&
      !/^\/\w+\//.test(x.path) &&
      (x.status ?? 500) < 300
    ) {
      dropped.push(where(x)); // a list read changes nothing; the replay's own reads stand for it
      at++;
      continue;
    }
    const jc1 = activation(exchanges, at);
    if (jc1 !== undefined) {
      flush();
      planned.push({
        step: {
          do: "testConnection",
          title: "Activation / Test: test user and test group created, then deleted (inferred)",
          expect: { status: [201], quarantined: false },
        },
        comment: [
          ...exchanges.slice(at, at + jc1).map(line),
          "JumpCloud's activation test (§2.2 [J1]; sequence and bodies inferred)",
        ],
      });
      at += jc1;
      continue;
    }
    const userLookup = listLookup(x, "users", "userName");
    const found =
      userLookup?.id !== undefined && !byId.has(userLookup.id.toLowerCase()) ? userLookup : undefined;
    const foundPut =
      found !== undefined && next !== undefined && idIn(next, "users") === found.id!.toLowerCase();
    const put = foundPut ? exactPut(next, found.id!) : undefined;
    if (put !== undefined && record(json(next!.body))?.userName === found!.value) {
      form("putBody", put);
      provision(next!, record(json(next!.body))!, true, [line(x), line(next!)], found!.id);
      at += 2;
      continue;
    }
    const userName = userLookup?.id === undefined ? userLookup?.value : undefined;
    const created = userName !== undefined ? exactCreate(next) : exactCreate(x);
    if (created !== undefined && (userName === undefined || created.userName === userName)) {
      const post = userName !== undefined ? next! : x;
      provision(
        post,
        created,
        userName !== undefined,
        userName !== undefined ? [line(x), line(post)] : [line(x)],
      );
      at += userName !== undefined ? 2 : 1;
      continue;
    }
    if (userLookup !== undefined)
      return raw(x, "is a user lookup not followed by the create or PUT JumpCloud sends (JC2)");

    // Group steps that may provision the users created just before them (JC5).
    const groupLookup = listLookup(x, "groups", "displayName");
    const taken = groupLookup?.id !== undefined && !byId.has(groupLookup.id.toLowerCase());
    const groupCreate =
      groupLookup?.id === undefined &&
      groupLookup !== undefined &&
      exactly(next, "POST", createGroupBody(groupLookup.value));
    const groupId = groupCreate ? createdId(next!) : taken ? groupLookup!.id : undefined;
    const pushed = groupCreate || taken;
    const adding = groupCreate ? exchanges[at + 2] : taken ? next : x;
    const target = pushed ? undefined : groupOf(x);
    const added =
      adding !== undefined &&
      (pushed ? idIn(adding, "groups") === groupId?.toLowerCase() : target !== undefined)
        ? memberValues(adding, "add")
        : undefined;
    if (groupLookup !== undefined && (groupId === undefined || added === undefined))
      return raw(x, "is a group lookup not followed by the create or members add JumpCloud sends (JC5)");
    if (added !== undefined) {
      const keys = added.map((id) => byId.get(id.toLowerCase()));
      if (keys.some((m) => m === undefined || !("last" in m)))
        return raw(adding!, "adds members that are not users created in the recording");
      const memberKeys = keys.map((m) => m!.key);
      const fresh = pending.map((p) => p.key).filter((k) => memberKeys.includes(k));
      const order = memberKeys.filter((k) => fresh.includes(k));
      if (
        !isDeepStrictEqual(fresh, order) ||
        !isDeepStrictEqual(
          pending.slice(pending.length - fresh.length).map((p) => p.key),
          fresh,
        )
      )
        return raw(adding!, "adds members in an order the model would not provision them in");
      const provisioned = pending.filter((p) => fresh.includes(p.key)).flatMap((p) => p.comment.slice(0, -2));
      flush(new Set(fresh));
      const consumed = exchanges.slice(at, at + (groupCreate ? 3 : taken ? 2 : 1));
      const comment = [...provisioned, ...consumed.map(line)];
      if (pushed) {
        const key = `g${Object.keys(groups).length + 1}`;
        const memo: GroupMemo = { key, id: groupId!, members: memberKeys };
        groupMemo.set(key, memo);
        byId.set(groupId!.toLowerCase(), memo);
        groups[key] = { members: memberKeys, ...(taken ? { existsInTarget: true } : {}) };
        planned.push({
          step: {
            do: "assignGroup",
            group: key,
            title: `Assign ${key}: its members, then lookup, ${taken ? "take over" : "create"}, members add`,
            expect: { status: taken ? PATCH_OK : [201], state: [{ group: key, members: memberKeys }] },
          },
          comment: [
            ...comment,
            taken
              ? "JC5: the lookup found a group of that name: JumpCloud takes it over ([J4], inferred; fixture existsInTarget) and adds the members ([J7] [J8]); RFC 7644 §3.5.2 allows 200 or 204"
              : "JC5: members first, then the group once it has members ([J4]; lookup and create inferred, add [J7] [J8]); RFC 7644 §3.3: 201",
          ],
        });
        at += consumed.length;
      } else {
        target!.members = [...target!.members, ...memberKeys.filter((k) => !target!.members.includes(k))];
        planned.push({
          step: {
            do: "addMembers",
            group: target!.key,
            users: memberKeys,
            expect: { status: PATCH_OK, state: [{ group: target!.key, members: target!.members }] },
          },
          comment: [...comment, "value-array add ([J7] [J8]); RFC 7644 §3.5.2 allows 200 or 204"],
        });
        at++;
      }
      continue;
    }
    flush();

    const user = userOf(x);
    const group = groupOf(x);
    if (user !== undefined && (x.method === "PUT" || x.method === "PATCH")) {
      const before = user.last;
      let now: JcUser;
      let method: "put" | "patch";
      if (x.method === "PATCH") {
        const active = [true, false].find((a) => exactly(x, "PATCH", activePatchBody(a)));
        if (active === undefined) return raw(x, "is not the active PATCH JumpCloud sends ([J7])");
        [now, method] = [{ ...before, active }, "patch"];
      } else {
        const put = exactPut(x, user.id);
        if (put === undefined) return raw(x, "is not the full or minimal PUT JumpCloud sends (§2.4.2 [J6])");
        form("putBody", put);
        const read = readUser(record(json(x.body))!);
        const minimal = Object.fromEntries(MINIMAL.map((k) => [k, read[k]]));
        [now, method] = [put === "minimal" ? { ...before, ...minimal, active: read.active } : read, "put"];
        if (now.externalId !== before.externalId && externalIdForm(record(json(x.body))!) === "objectId")
          return raw(
            x,
            "changes the externalId in the object id form (JumpCloud's own object id [J6]), which the import does not map to a step",
          );
        if (now.externalId !== before.externalId && now.externalId === undefined)
          return raw(x, "drops the externalId (Employee ID [J10]), which the import does not map to a step");
      }
      const set: Record<string, string> = {};
      for (const [name, kind] of CHANGES) {
        const value = now[name] ?? "";
        if (value === (before[name] ?? "")) continue;
        set[name] = kind === undefined || value === "" ? value : pii.value(kind, value.replace(/^tel:/, ""));
      }
      // The model sends the source's userName and, in the Employee ID form, its employeeNumber as externalId
      // in every PUT (JC3, §2.4.2 [J6] [J10]); the run sends its own userName (see `updateUser.set`).
      const reads: string[] = [];
      if (now.userName !== before.userName) {
        set.userName = pii.value("address", now.userName);
        reads.push(`userName eq ${JSON.stringify(`\${runPrefix}-${user.key}-${set.userName}`)}`);
      }
      if (now.externalId !== before.externalId && now.externalId !== undefined) {
        form("externalId", "employeeId");
        set.employeeNumber = pii.value("number", now.externalId);
        reads.push(`externalId eq ${JSON.stringify(set.employeeNumber)}`);
      }
      const changed = Object.keys(set).length > 0;
      if (changed && now.active !== before.active)
        return raw(x, "changes active and other attributes at once, which no JumpCloud step does");
      user.last = now;
      if (changed) {
        const matches = [
          ...(["givenName", "familyName", "title"] as const)
            .filter((k) => (set[k] ?? "") !== "")
            .map((k) => `${k === "title" ? "title" : `name.${k}`} eq ${JSON.stringify(set[k])}`),
          ...reads,
        ].join(" and ");
        planned.push({
          step: {
            do: "updateUser",
            user: user.key,
            set,
            expect: { status: PUT_OK, ...(matches ? { state: [{ user: user.key, matches }] } : {}) },
          },
          comment: [
            line(x),
            "JC3: an attribute change is a PUT of the whole user (§2.4.2 [J6]); RFC 7644 §3.5.1: 200, and the values read back",
          ],
        });
      } else {
        const step: Step = {
          do: now.active ? "enableUser" : "disableUser",
          user: user.key,
          expect: {
            status: method === "patch" ? PATCH_OK : PUT_OK,
            state: [{ user: user.key, matches: `active eq ${now.active}` }],
          },
        };
        actives.push({ step, method, fixed: now.active });
        planned.push({
          step,
          comment: [
            line(x),
            `JC4: ${method.toUpperCase()} with active ${now.active} (method inferred, [J1] [J7]); unbinding the user or disassociating its only group (JC9) sends the same`,
            method === "patch"
              ? "RFC 7644 §3.5.2 allows 200 or 204"
              : "RFC 7644 §3.5.1: a successful PUT answers 200",
          ],
        });
      }
      at++;
      continue;
    }
    if (group !== undefined && x.method === "PATCH") {
      const removed = memberValues(x, "remove") ?? filterRemoval(x);
      const name = str(record(first(record(json(x.body))?.Operations))?.value);
      if (removed !== undefined) {
        form("memberRemoval", memberValues(x, "remove") !== undefined ? "valueArray" : "filter");
        const keys = removed.map((id) => byId.get(id.toLowerCase()));
        if (keys.some((m) => m === undefined || !("last" in m) || !group.members.includes(m.key)))
          return raw(x, "removes members that are not members recorded in the group");
        const gone = keys.map((m) => m!.key);
        group.members = group.members.filter((k) => !gone.includes(k));
        const off = takeDeactivations(at + 1, gone);
        if (off === undefined)
          return raw(
            x,
            "is not followed by the deactivations JumpCloud sends for members no group covers (JC6)",
          );
        planned.push({
          step: {
            do: "removeMembers",
            group: group.key,
            users: gone,
            expect: {
              status: PATCH_OK,
              state: [
                { group: group.key, members: group.members },
                ...off.due.map((k) => ({ user: k, matches: "active eq false" })),
              ],
            },
          },
          comment: [
            line(x),
            ...off.lines,
            "JC6: remove with a value array, no filter ([J7] [J8]) or per-member filter ([J9]); members no other managed group covers are deactivated (seed 002, inferred); RFC 7644 §3.5.2 allows 200 or 204",
          ],
        });
        at += 1 + off.due.length;
        continue;
      }
      if (name !== undefined && exactly(x, "PATCH", renamePatchBody(name))) {
        form("renameMethod", "patch");
        planned.push(rename(group, name, "patch", x));
        at++;
        continue;
      }
      return raw(x, "is not a members add, members removal or rename JumpCloud sends");
    }
    if (group !== undefined && x.method === "PUT") {
      const name = str(record(json(x.body))?.displayName);
      const ids = group.members.map((k) => userMemo.get(k)!.id);
      if (name === undefined || !exactly(x, "PUT", groupPutBody(group.id, name, ids)))
        return raw(x, "is not the group PUT JumpCloud sends for a rename (JC7)");
      form("renameMethod", "put");
      planned.push(rename(group, name, "put", x));
      at++;
      continue;
    }
    if (x.method === "DELETE" && user !== undefined) {
      byId.delete(user.id.toLowerCase());
      const unsupported = x.status !== undefined && NO_DELETE.includes(x.status);
      const off = unsupported ? deactivation(next, user) : undefined;
      if (off !== undefined)
        actives.push({ step: { do: "disableUser", user: user.key }, method: off, fixed: true });
      planned.push({
        step: { do: "deleteUser", user: user.key, expect: { state: [{ user: user.key, exists: false }] } },
        comment: [
          line(x),
          ...(off !== undefined
            ? [line(next!), "the SP refused DELETE: JumpCloud deactivates the user instead [J1]"]
            : []),
          "RFC 7644 §3.6: the resource is gone afterwards (user_delete_provision [J1]; trigger inferred)",
        ],
      });
      at += off !== undefined ? 2 : 1;
      continue;
    }
    if (x.method === "DELETE" && group !== undefined) {
      byId.delete(group.id.toLowerCase());
      groupMemo.delete(group.key);
      const off = takeDeactivations(at + 1, group.members);
      if (off === undefined)
        return raw(
          x,
          "is not followed by the deactivations JumpCloud sends for members no group covers (JC8)",
        );
      planned.push({
        step: {
          do: "deleteGroup",
          group: group.key,
          expect: {
            state: [
              { group: group.key, exists: false },
              ...off.due.map((k) => ({ user: k, matches: "active eq false" })),
            ],
          },
        },
        comment: [
          line(x),
          ...off.lines,
          "JC8: the group is deleted in the app ([J4]), members no other managed group covers are deactivated (seed 002); RFC 7644 §3.6",
        ],
      });
      at += 1 + off.due.length;
      continue;
    }
    return raw(
      x,
      `has no JumpCloud IdP-level step${endpoint === "groups" && x.method === "POST" ? " (a group create without the lookup JumpCloud sends first, JC5)" : ""}`,
    );
  }
  flush();
  if (planned.length === 0) return { reason: "no request with an IdP-level step" };
  const mixed = [...forms].find(([, values]) => values.size > 1);
  if (mixed !== undefined)
    return { reason: `the recording mixes ${mixed[0]} forms (${[...mixed[1]].join(", ")})` };
  // JC4: enable steps and the deactivations other steps carry use the option; a disable may name its own.
  const fixed = new Set(actives.filter((a) => a.fixed).map((a) => a.method));
  if (fixed.size > 1) return { reason: `the recording deactivates and reactivates by both PUT and PATCH` };
  const method = [...fixed][0] ?? actives[0]?.method;
  for (const a of actives)
    if (!a.fixed && a.method !== method && a.step.do === "disableUser") a.step.variant = a.method;
  const options: Record<string, string | boolean> = Object.fromEntries(
    [...forms].map(([name, values]) => {
      const value = [...values][0]!;
      return [name, name === "userLookup" ? value === "true" : value];
    }),
  );
  if (method !== undefined) options.deactivateMethod = method;
  return {
    given: givenOf(users, groups),
    planned,
    options,
    dropped,
  };

  function rename(group: GroupMemo, name: string, method: "put" | "patch", x: HarExchange): PlannedStep {
    const to = pii.value("group", name);
    return {
      step: {
        do: "renameGroup",
        group: group.key,
        to,
        expect: {
          status: method === "patch" ? PATCH_OK : PUT_OK,
          state: [
            {
              group: group.key,
              members: group.members,
              matches: `displayName eq ${JSON.stringify(`\${runPrefix}-${to}`)}`,
            },
          ],
        },
      },
      comment: [
        line(x),
        `JC7: rename by ${method.toUpperCase()} ([J4]; method inferred); the members stay (RFC 7644 §3.5.${method === "patch" ? "2" : "1"})`,
      ],
    };
  }
}
