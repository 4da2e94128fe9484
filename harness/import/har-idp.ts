/**
 * Which IdP a recorded SCIM conversation comes from, and, for Entra, the IdP-level steps it amounts to.
 *
 * Detection (idp-behaviour.md): Okta names itself (`User-Agent: Okta SCIM Client …` [O1], observed). Entra
 * sends no User-Agent [C12], so it is recognised by its request shapes only (inferred): capitalised PATCH
 * ops and `"True"`/`"False"` strings without `aadOptscim062020` (§1.7 [S1] [S2] [C10]), lower-case ops and
 * booleans with it, the ADSCIM group schema on group create (§1.6.1 [S1]), members with `"$ref": null`
 * (§1.6.4 [C4]), the random-GUID test connection (§1.3 [S1] [C1]). JumpCloud documents no User-Agent (§2.1
 * [J5]): it is recognised by its request shapes (`jumpCloudSigns` in har-jumpcloud.ts, inferred), a
 * User-Agent naming it taken as a hint; shapes of both IdPs in one recording leave it unknown.
 *
 * IdP-level steps: when every request of an Entra recording is one the Entra model sends for a step
 * (probe → testConnection; lookup + POST /Users → assignUser; active PATCH → disableUser / enableUser, or
 * unassignUser + assignUser when a re-read by id and a re-enable follow (E6, inferred); attribute update or manager PATCH → updateUser; lookup + POST /Groups →
 * assignGroup; members Add PATCH → addMembers; displayName Replace → renameGroup; member removal →
 * removeMembers; DELETE → deleteUser / deleteGroup; re-reads of a known resource belong to the step before;
 * har-entra-patch.ts reads the PATCH bodies), the scenario is written as those steps, so the
 * replay runs through the Entra model (its checks, quarantine, both lookups). One request the model has no
 * step for and the file keeps the raw `request` steps, saying which request.
 */
import type { Expectation, FixtureGroup, FixtureUser, Scenario, Step } from "../scenario/scenario-schema.ts";
import { opDialect, readGroupPatch, readUserPatch } from "./har-entra-patch.ts";
import { jumpCloudSigns } from "./har-jumpcloud.ts";
import type { HarExchange } from "./har-read.ts";
import type { PlannedStep } from "./planned-step.ts";
import type { Pseudonymizer } from "./pseudonymizer.ts";

/** The IdP a recording came from, how it was recognised, and Entra's dialect when it shows. */
export interface IdpDetection {
  idp: Scenario["idp"];
  /** True when the IdP was recognised from request shapes or an undocumented hint, not named by the IdP. */
  inferred: boolean;
  /** False when no known IdP pattern matched (the label is then only the harness's default). */
  known: boolean;
  /** Entra's `aadOptscim062020`, when the PATCH forms show it. */
  aadOptscim062020?: boolean;
  /** One line, for the scenario's description and header. */
  summary: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ADSCIM = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";

/** A recorded body as JSON, or undefined when there is none or it is not JSON. */
export const json = (text: string | undefined): unknown => {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
export const record = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const operations = (x: HarExchange): Record<string, unknown>[] => {
  const ops = record(json(x.body))?.Operations;
  return Array.isArray(ops) ? ops.flatMap((o) => (record(o) ? [record(o)!] : [])) : [];
};
const userAgent = (x: HarExchange): string =>
  Object.entries(x.headers).find(([k]) => /^user-agent$/i.test(k))?.[1] ?? "";

/** The filter's `<attr> eq "<value>"` of a lookup, if it is one. */
export function lookup(x: HarExchange): { attribute: string; value: string } | undefined {
  const filter = new URLSearchParams(x.path.split("?")[1] ?? "").get("filter") ?? "";
  const m = /^\s*([A-Za-z.:]+)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(filter);
  return m === null ? undefined : { attribute: m[1]!, value: m[2]! };
}

/** Recognises the IdP and, for Entra, the dialect. */
export function detectIdp(exchanges: readonly HarExchange[]): IdpDetection {
  const agents = exchanges.map(userAgent);
  const okta = agents.find((a) => /Okta SCIM Client/i.test(a));
  if (okta !== undefined)
    return { idp: "okta", inferred: false, known: true, summary: `Okta: User-Agent "${okta}" [O1]` };
  const ops = exchanges.flatMap(operations);
  const capital = ops.some((o) => typeof o.op === "string" && /^(Add|Replace|Remove)$/.test(o.op));
  const lower = ops.some((o) => typeof o.op === "string" && /^(add|replace|remove)$/.test(o.op));
  const stringBool = ops.some(
    (o) => o.path === "active" && typeof o.value === "string" && /^(True|False)$/.test(o.value),
  );
  const signs: string[] = [];
  if (capital) signs.push("capitalised PATCH ops (§1.7 [S2])");
  if (stringBool) signs.push('"True"/"False" string booleans ([S2] [C10])');
  if (exchanges.some((x) => x.method === "POST" && (x.body ?? "").includes(ADSCIM)))
    signs.push("the ADSCIM group schema on create (§1.6.1 [S1])");
  if (exchanges.some((x) => x.method === "PATCH" && /"\$ref"\s*:\s*null/.test(x.body ?? "")))
    signs.push('members with "$ref": null (§1.6.4 [C4])');
  if (exchanges.some((x) => x.method === "GET" && GUID.test(lookup(x)?.value ?? "")))
    signs.push("a random-GUID lookup like Test Connection (§1.3 [S1] [C1])");
  // JumpCloud never names itself (§2.1 [J5]): its request shapes ([J6] [J1]) and, as a hint, a User-Agent.
  const shapes = jumpCloudSigns(exchanges);
  const jumpcloud = agents.find((a) => /jumpcloud/i.test(a));
  const hint = jumpcloud !== undefined ? [`a User-Agent "${jumpcloud}" (undocumented, §2.1 [J5])`] : [];
  if (shapes.length > 0 && signs.length > 0)
    return {
      idp: "entra",
      inferred: true,
      known: false,
      summary: `both Entra (${signs.join(", ")}) and JumpCloud (${shapes.join(", ")}) request shapes: raw requests, labelled entra`,
    };
  if (shapes.length + hint.length > 0 && signs.length === 0)
    return {
      idp: "jumpcloud",
      inferred: true,
      known: true,
      summary: `JumpCloud (inferred from request shapes; it documents no User-Agent, §2.1 [J5]): ${[...shapes, ...hint].join(", ")}`,
    };
  if (signs.length === 0)
    return {
      idp: "entra",
      inferred: true,
      known: false,
      summary:
        "no known IdP pattern (no IdP User-Agent, no Entra request shape): raw requests, labelled entra",
    };
  const flag = capital || stringBool ? false : lower ? true : undefined;
  const dialect =
    flag === undefined
      ? "dialect not shown (no PATCH)"
      : flag
        ? "aadOptscim062020 on: lower-case ops, JSON booleans (§1.7 [S2])"
        : "aadOptscim062020 off";
  return {
    idp: "entra",
    inferred: true,
    known: true,
    summary: `Entra ID (inferred from request shapes; Entra sends no User-Agent [C12]): ${signs.join(", ")}; ${dialect}`,
    ...(flag !== undefined ? { aadOptscim062020: flag } : {}),
  };
}

/** A plan's `given`: the fixtures it found, empty kinds left out. */
export const givenOf = (
  users: Record<string, FixtureUser>,
  groups: Record<string, FixtureGroup>,
): NonNullable<Scenario["given"]> => ({
  ...(Object.keys(users).length > 0 ? { users } : {}),
  ...(Object.keys(groups).length > 0 ? { groups } : {}),
});

/** An IdP's IdP-level steps of a recording (Entra, JumpCloud, …), or why it has to stay raw requests. */
export type IdpPlan =
  | {
      given: NonNullable<Scenario["given"]>;
      planned: PlannedStep[];
      options: NonNullable<Scenario["options"]>;
      /** Successful list reads with no step of their own, left out. */
      dropped: string[];
      /** Steps whose wire form the IdP's model marks inferred. */
      inferred?: string[];
      /** Lines for the file's header. */
      notes?: string[];
      /** What the traffic shows of the IdP's configuration, for the description. */
      dialect?: string;
    }
  | { reason: string };

export const DISCOVERY = /^(ServiceProviderConfigs?|ResourceTypes|Schemas)$/i;
/** RFC 7644 §3.5.2: a successful PATCH answers 200 with the resource or 204 without. */
export const PATCH_OK = [200, 204];

/** The `disableVariant` (§1.5.6) a PATCH body shows, or undefined when it is not a lone active op. */
function activeOp(x: HarExchange): { active: boolean; variant?: string } | undefined {
  const ops = operations(x);
  if (ops.length !== 1 || String(ops[0]!.path).toLowerCase() !== "active") return undefined;
  const { op, value } = ops[0]!;
  const text = typeof value === "string" && /^(true|false)$/i.test(value);
  if (typeof value !== "boolean" && !text) return undefined;
  const active = typeof value === "boolean" ? value : value === "True" || value === "true";
  const operationsFirst = Object.keys(record(json(x.body)) ?? {})[0] === "Operations";
  const variant =
    op === "Replace" && text
      ? "a"
      : op === "replace" && !text
        ? "b"
        : op === "Replace" && !text && operationsFirst
          ? "c"
          : op === "Add" && text
            ? "d"
            : undefined;
  return { active, ...(variant !== undefined ? { variant } : {}) };
}

/**
 * The Entra IdP-level steps of a recording, or the first request that has none. Source values (names,
 * title, department) become the fixtures, personal ones pseudonymised; userNames, e-mails and ids are left
 * to the run's generated values, since the replay provisions fresh objects.
 */
export function planEntraSteps(exchanges: readonly HarExchange[], pii: Pseudonymizer): IdpPlan {
  const users: Record<string, FixtureUser> = {};
  const groups: Record<string, FixtureGroup> = {};
  const members = new Map<string, string[]>();
  const ids = new Map<string, { kind: "user" | "group"; key: string }>();
  const planned: PlannedStep[] = [];
  const variants = new Set<string>();
  let probed = false;
  const where = (x: HarExchange) => `entries[${x.index}] ${x.method} ${x.path.split("?")[0]}`;
  const recorded = (x: HarExchange) => `recorded ${x.status ?? "no response"}`;
  const idIn = (x: HarExchange) => /^\/(Users|Groups)\/([^/?]+)/i.exec(x.path)?.[2]?.toLowerCase();
  const add = (step: Step, x: HarExchange, notes: string[] = []) =>
    planned.push({ step, comment: [`${where(x)} · ${recorded(x)}`, ...notes] });
  const lookups = new Set<number>();
  const dropped: string[] = [];
  /** aadOptscim062020 as each non-active PATCH shows it; the replay sends one dialect. */
  const flags = new Set<boolean>();
  const options: Record<string, string | boolean> = {};
  const userKey = (id: string) => {
    const found = ids.get(id.toLowerCase());
    return found?.kind === "user" ? found.key : undefined;
  };

  /**
   * A re-read by id, then `active` true in the update form, after a disable: the model's re-assign (E6,
   * §1.5.7, inferred), which only follows an unassign (after a disable the re-read finds nothing to send,
   * and enableUser sends no read). The disable before becomes unassignUser, this PATCH assignUser. Not when
   * a recorded group still covers the user: its unassign would send nothing (§1.2 [S3]).
   */
  const reassigned = (at: number, key: string): boolean => {
    const x = exchanges[at]!;
    const before = exchanges[at - 1];
    const read = before?.method === "GET" && before.status === 200 && before.path.split("?")[0] === x.path;
    const update = readUserPatch(operations(x), key, userKey, pii);
    const mine = planned.filter((p) => "user" in p.step && p.step.user === key);
    const disabled = mine.at(-1);
    if (!read || "reason" in update || disabled?.step.do !== "disableUser") return false;
    if ([...members.values()].some((m) => m.includes(key))) return false;
    flags.add(update.flag);
    disabled.step = {
      do: "unassignUser",
      user: key,
      title: `Unassign ${key} (inferred from the re-assign that follows)`,
      expect: { status: PATCH_OK, state: [{ user: key, exists: true, matches: "active eq false" }] },
    };
    disabled.comment.splice(
      1,
      disabled.comment.length - 1,
      "an unassign: the re-read and re-enable later are Entra's re-assign (E6, §1.5.6 triggers [S3], inferred)",
      'the SP must still return the user, inactive (§1.5.2 [S1]; RFC 7643 §2.3.2: "False" is false); RFC 7644 §3.5.2 allows 200 or 204',
    );
    add(
      {
        do: "assignUser",
        user: key,
        title: `Re-assign ${key}: read by cached id, then re-enable (inferred, §1.5.7)`,
        expect: { status: PATCH_OK, state: [{ user: key, matches: "active eq true" }] },
      },
      x,
      [
        `after ${where(before)} (the re-read by id [S3]); the SP must show active true; RFC 7644 §3.5.2 allows 200 or 204`,
      ],
    );
    return true;
  };

  for (const [at, x] of exchanges.entries()) {
    const endpoint = x.endpoint.toLowerCase();
    const found = lookup(x);
    const id = idIn(x);
    if (x.method === "GET" && DISCOVERY.test(x.endpoint)) continue; // the harness reads discovery itself
    if (x.method === "GET" && found !== undefined && endpoint === "users" && GUID.test(found.value)) {
      const listed = record(json(x.responseBody))?.totalResults;
      if (!probed && listed === 0) {
        probed = true;
        add(
          { do: "testConnection", title: "Test connection (recorded probe)", expect: { status: [200] } },
          x,
          ["random-GUID lookup expecting an empty ListResponse (§1.3 [S1] [C1])"],
        );
      }
      continue; // later probes are the model's activity probes (inferred timing, [C1])
    }
    if (x.method === "GET" && found !== undefined && !GUID.test(found.value)) {
      lookups.add(at); // a match lookup: part of the assign that follows
      continue;
    }
    if (x.method === "GET" && id !== undefined && ids.has(id)) continue; // a re-read of a known object
    if (x.method === "GET" && id === undefined && x.status !== undefined && x.status < 300) {
      dropped.push(where(x)); // a list read changes nothing; the replay's own reads stand for it
      continue;
    }
    if (x.method === "POST" && (endpoint === "users" || endpoint === "groups") && x.status === 201) {
      const body = record(json(x.body)) ?? {};
      const responseId = record(json(x.responseBody))?.id;
      const users_ = endpoint === "users";
      const key = users_ ? `u${Object.keys(users).length + 1}` : `g${Object.keys(groups).length + 1}`;
      if (typeof responseId === "string")
        ids.set(responseId.toLowerCase(), { kind: users_ ? "user" : "group", key });
      const looked = exchanges
        .slice(0, at)
        .some((l, i) => lookups.has(i) && l.endpoint.toLowerCase() === endpoint);
      const note = looked ? "the lookup before it found nothing (§1.4)" : "no lookup recorded before it";
      if (users_) {
        users[key] = fixtureUser(body, pii);
        add(
          {
            do: "assignUser",
            user: key,
            title: `Assign ${key}: lookup, then create`,
            expect: { status: [201] },
          },
          x,
          [note],
        );
      } else {
        groups[key] = {};
        members.set(key, []);
        add(
          {
            do: "assignGroup",
            group: key,
            title: `Assign ${key}: lookup, then create`,
            expect: { status: [201] },
          },
          x,
          [note],
        );
      }
      continue;
    }
    const known = id !== undefined ? ids.get(id) : undefined;
    if (x.method === "PATCH" && known?.kind === "user") {
      const active = activeOp(x);
      if (active?.active === true && reassigned(at, known.key)) continue;
      if (active !== undefined) {
        if (active.variant !== undefined) variants.add(active.variant);
        const expect: Expectation = {
          status: PATCH_OK,
          state: [{ user: known.key, matches: `active eq ${active.active}` }],
        };
        add({ do: active.active ? "enableUser" : "disableUser", user: known.key, expect }, x, [
          `the SP must show active ${active.active} afterwards (RFC 7643 §2.3.2: "False" is false); RFC 7644 §3.5.2 allows 200 or 204`,
          ...(active.active
            ? []
            : [
                "an unassign sends this same PATCH (§1.5.6 triggers [S3]); no re-assign by id follows to tell them apart (a missing later DELETE, E7, proves nothing), so it is replayed as disableUser",
              ]),
        ]);
        continue;
      }
      const update = readUserPatch(operations(x), known.key, userKey, pii);
      if ("reason" in update) return { reason: `${where(x)} ${update.reason}` };
      flags.add(update.flag);
      const manager = "manager" in update.set;
      if (manager) options.manager = true;
      const fixture = users[known.key]!;
      // Entra adds what it believes absent (§1.5.4 [S2] [C11]): an emptied fixture makes the model add it too.
      const emptied = update.adds.filter(
        (f): f is "title" | "department" => (f === "title" || f === "department") && fixture[f] === undefined,
      );
      for (const f of emptied) fixture[f] = "";
      const replaced = update.adds.filter((f) => !(emptied as string[]).includes(f));
      add(
        {
          do: "updateUser",
          user: known.key,
          set: update.set,
          title: manager
            ? `${update.set.manager === null ? "Remove" : "Set"} the manager of ${known.key} (bare-string / value-filter form, grade C [C6] [C7], B11: a warning)`
            : `Update ${known.key}: ${Object.keys(update.set).join(", ")}`,
          expect: {
            status: PATCH_OK,
            state: [{ user: known.key, matches: update.matches }],
            ...(manager ? { severity: "warning" as const } : {}),
          },
        },
        x,
        [
          manager
            ? `manager pass (§1.5.5 ${update.evidence.join(" ")}); RFC 7643 §4.3 makes manager complex and the form Entra sends is not RFC 7644's, so the step is a warning`
            : `attribute update (§1.5.3, §1.5.4, §1.7 ${update.evidence.join(" ")}); the SP must show the new values (RFC 7644 §3.5.2.1, §3.5.2.3)`,
          "RFC 7644 §3.5.2 allows 200 or 204",
          ...(replaced.length > 0
            ? [
                `recorded Add of ${replaced.join(", ")}: the fixture has a value at create, so the replay replaces it (same outcome)`,
              ]
            : []),
        ],
      );
      continue;
    }
    if (x.method === "PATCH" && known?.kind === "group") {
      const ops = operations(x);
      const change = readGroupPatch(ops, userKey, pii);
      if (change !== undefined && "reason" in change) return { reason: `${where(x)} ${change.reason}` };
      if (change?.do === "renameGroup") {
        flags.add(change.flag);
        const now = members.get(known.key) ?? [];
        const renamed = JSON.stringify(`\${runPrefix}-${change.to}`);
        add(
          {
            do: "renameGroup",
            group: known.key,
            to: change.to,
            expect: {
              status: PATCH_OK,
              state: [{ group: known.key, matches: `displayName eq ${renamed}`, members: now }],
            },
          },
          x,
          [
            `displayName Replace (§1.6.3 [S1]${change.flag ? "; lower-case with the flag: inferred" : ""}); the members stay (RFC 7644 §3.5.2.3 replaces displayName only); RFC 7644 §3.5.2 allows 200 or 204`,
          ],
        );
        continue;
      }
      if (change?.do === "removeMembers") {
        flags.add(change.flag);
        const now = (members.get(known.key) ?? []).filter((k) => !change.users.includes(k));
        members.set(known.key, now);
        add(
          {
            do: "removeMembers",
            group: known.key,
            users: change.users,
            expect: { status: PATCH_OK, state: [{ group: known.key, members: now }] },
          },
          x,
          [
            change.flag
              ? 'one remove per member with a members[value eq "…"] path (§1.6.5 [S2])'
              : "a Remove with a value array (§1.6.5 [S2] [C5]): only the listed members go; an RFC-literal SP that empties the group is B4",
            "RFC 7644 §3.5.2 allows 200 or 204",
          ],
        );
        continue;
      }
      const added =
        ops.length === 1 && /^add$/i.test(String(ops[0]!.op)) && String(ops[0]!.path) === "members"
          ? (Array.isArray(ops[0]!.value) ? ops[0]!.value : []).map((m) =>
              ids.get(String(record(m)?.value).toLowerCase()),
            )
          : [];
      if (added.length === 0 || added.some((m) => m?.kind !== "user"))
        return {
          reason: `${where(x)} is not a members Add of recorded users, a rename or a member removal`,
        };
      const flag = opDialect(ops);
      if (flag !== undefined) flags.add(flag);
      const keys = added.map((m) => m!.key);
      const now = [...new Set([...(members.get(known.key) ?? []), ...keys])];
      members.set(known.key, now);
      add(
        {
          do: "addMembers",
          group: known.key,
          users: keys,
          expect: { status: PATCH_OK, state: [{ group: known.key, members: now }] },
        },
        x,
        ["RFC 7644 §3.5.2 allows 200 or 204"],
      );
      continue;
    }
    if (x.method === "DELETE" && known !== undefined) {
      const step: Step =
        known.kind === "user"
          ? { do: "deleteUser", user: known.key, expect: { state: [{ user: known.key, exists: false }] } }
          : { do: "deleteGroup", group: known.key, expect: { state: [{ group: known.key, exists: false }] } };
      add(step, x, ["RFC 7644 §3.6: the resource is gone afterwards"]);
      continue;
    }
    return { reason: `${where(x)} has no Entra IdP-level step` };
  }
  if (planned.length === 0) return { reason: "no request with an IdP-level step" };
  if (variants.size > 1)
    return { reason: `the active PATCH takes several forms (${[...variants].join(", ")})` };
  if (flags.size > 1)
    return { reason: "the PATCHes come in both dialects (capitalised and lower-case ops, §1.7)" };
  if (variants.size === 1) options.disableVariant = [...variants][0]!;
  if (flags.size === 1) options.aadOptscim062020 = [...flags][0]!;
  return {
    given: givenOf(users, groups),
    planned,
    options,
    dropped,
  };
}

export function fixtureUser(body: Record<string, unknown>, pii: Pseudonymizer): FixtureUser {
  const name = record(body.name) ?? {};
  const enterprise = record(body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]) ?? {};
  const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const out: FixtureUser = {};
  const given = text(name.givenName);
  const family = text(name.familyName);
  if (given !== undefined) out.givenName = pii.value("givenName", given);
  if (family !== undefined) out.familyName = pii.value("familyName", family);
  if (text(body.title) !== undefined) out.title = text(body.title)!;
  if (text(enterprise.department) !== undefined) out.department = text(enterprise.department)!;
  if (body.active === false) out.active = false;
  return out;
}
