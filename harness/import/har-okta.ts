/**
 * The Okta IdP-level steps of a recorded conversation (harness/idp/okta, evidence [O1]–[O10] in its
 * EVIDENCE.md). A request becomes a step only when it is the request the Okta model sends for that step:
 * each body is rebuilt with the model's own builders (okta-requests.ts) from the values the recording
 * carries and compared with the recorded one, so the replay, which runs through the Okta model, sends the
 * same requests.
 *
 * - `GET /Users?startIndex=1&count=2` → `testConnection` [O2] [O3]; `GET /Users?startIndex=1&count=100`
 *   → `runCycle` (an import; its later pages and the `/Groups` pages belong to it) [O1]; a user or an empty
 *   group it listed that a later request uses becomes an `existsInTarget` fixture;
 * - userName lookup + `POST /Users` (`createUserBody`) → `assignUser` [O1] [O4]; a lookup that matched one
 *   user, then GET + PUT of its profile → `assignUser` of an `existsInTarget` fixture [O1];
 * - `GET /Users/{id}` + `PUT` (`mergedPutBody` of what the GET answered) → `updateUser` with the attributes
 *   the PUT changed; with `active` changed → `disableUser` / `enableUser`, with a `password` →
 *   `syncPassword` (AIW apps, [O1]);
 * - `PATCH replace value {active}` → `disableUser` / `enableUser`, `PATCH replace value {password}` →
 *   `syncPassword` (OIN apps, [O1]);
 * - displayName lookup + `POST /Groups {displayName, members: []}` → `assignGroup` [O1] [O8]; a lookup that
 *   matched one group without members → `assignGroup` of an `existsInTarget` fixture (linked [O8]), the
 *   membership update that follows → `addMembers`;
 * - `PATCH replace value {id, displayName}` → `renameGroup` when the name changes; with the same name it is
 *   the rename Okta re-sends before a membership PATCH [O1]; the membership PATCH (`membersPatchBody`) →
 *   `addMembers` / `removeMembers` [O1] [O5] [O6]; an AIW app's group PUT (`groupPutBody`) → the same;
 * - `DELETE /Groups/{id}` → `deleteGroup` [O1].
 *
 * The app kind (`appKind`, OIN or AIW [O1]) shows in how active, password and group changes travel; when it
 * does not show, both are replayed. Okta never DELETEs users [O1]: such a request, or any other the model
 * has no step for, keeps the raw `request` steps, saying which request. Steps whose wire form the model
 * marks inferred (`oktaProvenance`) say so in their comment, and the scenario is marked inferred.
 */
import { isDeepStrictEqual } from "node:util";
import type { Expectation, FixtureGroup, FixtureUser, Step } from "../scenario/scenario-schema.ts";
import type { SourceUser } from "../idp/directory-state.ts";
import type { ModelStep } from "../idp/idp-model.ts";
import { oktaProvenance } from "../idp/okta/okta-model.ts";
import {
  activePatchBody,
  createGroupBody,
  createUserBody,
  groupPutBody,
  membersPatchBody,
  mergedPutBody,
  OKTA_PAGE,
  passwordPatchBody,
  renamePatchBody,
} from "../idp/okta/okta-requests.ts";
import type { OktaMember } from "../idp/okta/okta-requests.ts";
import type { IdpPlan } from "./har-idp.ts";
import { DISCOVERY, PATCH_OK, givenOf, json } from "./har-idp.ts";
import type { HarExchange } from "./har-read.ts";
import type { PlannedStep } from "./planned-step.ts";
import type { Pseudonymizer } from "./pseudonymizer.ts";

/** Okta IdP-level steps (with `inferred`, `notes` and `dialect` always set), or why the recording has to stay raw requests. */
type OktaPlan = IdpPlan;

type Json = Record<string, unknown>;
const record = (v: unknown): Json | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
const text = (v: unknown): string => (typeof v === "string" ? v : "");
const OKTA_AGENT = /Okta SCIM Client/i;
/** A filter value inside a state expectation's double quotes (RFC 7644 §3.4.2.2: a JSON string). */
const quoted = (v: string) => JSON.stringify(v);

/** The query parameters of a request, decoded. */
const query = (x: HarExchange): Record<string, string> =>
  Object.fromEntries(new URLSearchParams(x.path.split("?")[1] ?? ""));

/** The `<attribute> eq "<value>"` of Okta's lookups, with its `startIndex=1&count=100` [O1] [O8]. */
function oktaLookup(x: HarExchange, attribute: string): string | undefined {
  const q = query(x);
  if (!isDeepStrictEqual(Object.keys(q).sort(), ["count", "filter", "startIndex"])) return undefined;
  if (q.startIndex !== "1" || q.count !== String(OKTA_PAGE)) return undefined;
  const m = /^(\S+) eq "((?:[^"\\]|\\.)*)"$/.exec(q.filter!);
  return m !== null && m[1]!.toLowerCase() === attribute.toLowerCase() ? m[2] : undefined;
}

/** `startIndex` of an Okta page read (`startIndex=…&count=<count>`, nothing else) [O1] [O2]. */
function page(x: HarExchange, count: number): number | undefined {
  const q = query(x);
  if (!isDeepStrictEqual(Object.keys(q).sort(), ["count", "startIndex"]) || q.count !== String(count))
    return undefined;
  const start = Number(q.startIndex);
  return Number.isInteger(start) && start >= 1 ? start : undefined;
}

/** The source values a create or PUT body carries, in the model's SourceUser shape. */
function sourceOf(body: Json): SourceUser {
  const name = record(body.name) ?? {};
  const emails = Array.isArray(body.emails) ? body.emails : [];
  return {
    key: "",
    userName: text(body.userName),
    externalId: text(body.externalId),
    givenName: text(name.givenName),
    familyName: text(name.familyName),
    displayName: text(body.displayName),
    email: text(record(emails[0])?.value),
    ...(typeof body.title === "string" ? { title: body.title } : {}),
    active: body.active === true,
  };
}

interface UserSeen {
  key: string;
  /** The id the SP gave it, as recorded. */
  id: string;
  source: SourceUser;
  /** Found by the userName lookup; the profile PUT that follows is its assignment [O1]. */
  matched?: boolean;
}
interface GroupSeen {
  key: string;
  id: string;
  name: string;
  members: string[];
  /** The rename PATCH Okta sends before each membership update was the last request to this group. */
  renamed: boolean;
}

/**
 * The Okta IdP-level steps of a recording, or the first request that has none. Source names become the
 * fixtures, pseudonymised; userNames, e-mails and ids are left to the run's generated values, since the
 * replay provisions fresh objects.
 */
export function planOktaSteps(exchanges: readonly HarExchange[], pii: Pseudonymizer): OktaPlan {
  const users: Record<string, FixtureUser> = {};
  const groups: Record<string, FixtureGroup> = {};
  const userIds = new Map<string, UserSeen>();
  const groupIds = new Map<string, GroupSeen>();
  const lastGet = new Map<string, Json>();
  const looked = { users: new Set<string>(), groups: new Set<string>() };
  const planned: PlannedStep[] = [];
  const dropped: string[] = [];
  const kinds = new Map<"oin" | "aiw", string>();
  let importing = false;
  /** Resources an import page listed, by id: one a later request uses becomes an existsInTarget fixture. */
  const imported = new Map<string, { endpoint: string; resource: Json }>();
  const userOf = (id: string): UserSeen | undefined => {
    const known = userIds.get(id.toLowerCase());
    const listed = imported.get(id.toLowerCase());
    if (known !== undefined || listed?.endpoint !== "users") return known;
    const key = `u${Object.keys(users).length + 1}`;
    const source = { ...sourceOf(listed.resource), key };
    users[key] = { ...fixtureUser(source, pii), existsInTarget: true };
    const seen = { key, id: text(listed.resource.id), source };
    userIds.set(id.toLowerCase(), seen);
    return seen;
  };
  const groupOf = (id: string): GroupSeen | undefined => {
    const known = groupIds.get(id.toLowerCase());
    const listed = imported.get(id.toLowerCase());
    if (known !== undefined || listed?.endpoint !== "groups") return known;
    const members = listed.resource.members;
    if (Array.isArray(members) && members.length > 0) return undefined; // its members are not modelled
    const key = `g${Object.keys(groups).length + 1}`;
    groups[key] = { existsInTarget: true };
    const seen = {
      key,
      id: text(listed.resource.id),
      name: text(listed.resource.displayName),
      members: [],
      renamed: false,
    };
    groupIds.set(id.toLowerCase(), seen);
    return seen;
  };
  // Ids are the SP's and may be personal: a comment names the resource kind only.
  const where = (x: HarExchange) =>
    `entries[${x.index}] ${x.method} ${x.path.split("?")[0]!.replace(/^\/(Users|Groups)\/[^/]+/i, "/$1/{id}")}`;
  const add = (step: Step, x: HarExchange, notes: string[]) =>
    planned.push({ step, comment: [`${where(x)} · recorded ${x.status ?? "no response"}`, ...notes] });
  const kind = (k: "oin" | "aiw", x: HarExchange) => {
    if (!kinds.has(k)) kinds.set(k, where(x));
  };
  const idIn = (x: HarExchange) => /^\/(?:Users|Groups)\/([^/?]+)$/i.exec(x.path)?.[1]?.toLowerCase();
  const userState = (u: UserSeen, matches: string): Expectation["state"] => [{ user: u.key, matches }];

  for (const x of exchanges) {
    const endpoint = x.endpoint.toLowerCase();
    const id = idIn(x);
    const body = record(json(x.body));
    const fromOkta = OKTA_AGENT.test(
      Object.entries(x.headers).find(([k]) => /^user-agent$/i.test(k))?.[1] ?? "",
    );
    if (x.method === "GET") {
      if (DISCOVERY.test(x.endpoint)) continue; // the harness reads discovery itself
      if (id !== undefined && (userOf(id) ?? groupOf(id)) !== undefined) {
        // The GET before Okta's PUT [O1], or a read-back: the replay's model and state checks read again.
        const got = record(json(x.responseBody));
        if (got !== undefined && x.truncated?.response === undefined) lastGet.set(id, got);
        continue;
      }
      if (endpoint === "users" && page(x, 2) === 1 && fromOkta) {
        add({ do: "testConnection", title: "Test API credentials (recorded)", expect: listOk() }, x, [
          "GET /Users?startIndex=1&count=2 answers a ListResponse with integer paging [O2] [O3] (RFC 7644 §3.4.2)",
        ]);
        continue;
      }
      const start = /^(users|groups)$/.test(endpoint) && fromOkta ? page(x, OKTA_PAGE) : undefined;
      if (start !== undefined && (importing || (endpoint === "users" && start === 1)))
        for (const resource of listed(x))
          imported.set(text(resource.id).toLowerCase(), { endpoint, resource });
      if (endpoint === "users" && start === 1) {
        importing = true;
        add({ do: "runCycle", title: "Import (recorded)", expect: listOk() }, x, [
          "an import by pages of 100; its later pages and the group pages are part of the cycle [O1]",
        ]);
        continue;
      }
      if (start !== undefined && importing) continue;
      const userName = endpoint === "users" && fromOkta ? oktaLookup(x, "userName") : undefined;
      const groupName = endpoint === "groups" && fromOkta ? oktaLookup(x, "displayName") : undefined;
      if (userName !== undefined || groupName !== undefined) {
        const total = totalResults(x);
        const hit = record((record(json(x.responseBody))?.Resources as unknown[] | undefined)?.[0]);
        if (userName !== undefined && total === 1 && typeof hit?.id === "string") {
          // A match: Okta links the user and sends its profile, GET then PUT [O1]. The replay puts a user of
          // that userName on the SP first (existsInTarget) so that its lookup matches too.
          const key = `u${Object.keys(users).length + 1}`;
          users[key] = { existsInTarget: true };
          userIds.set(hit.id.toLowerCase(), {
            key,
            id: hit.id,
            source: { ...sourceOf(hit), key },
            matched: true,
          });
          continue;
        }
        if (groupName !== undefined && total === 1 && typeof hit?.id === "string") {
          if (Array.isArray(hit.members) && hit.members.length > 0)
            return { reason: `${where(x)} matched a group that already has members (not modelled)` };
          // A match: Okta checks by name whether the group exists [O8]; the model links it (inferred). The
          // members it pushes follow as its membership update (rename, then PATCH [O1]). The replay puts a
          // group of that name on the SP first.
          const key = `g${Object.keys(groups).length + 1}`;
          groups[key] = { existsInTarget: true };
          const name = text(hit.displayName) || groupName;
          groupIds.set(hit.id.toLowerCase(), { key, id: hit.id, name, members: [], renamed: false });
          const state: Expectation["state"] = [{ group: key, exists: true, members: [] }];
          add(
            {
              do: "assignGroup",
              group: key,
              title: `Push ${key}: matched by displayName`,
              expect: { state },
            },
            x,
            [
              "the displayName lookup matched one group: Okta checks by name whether it exists [O8]; the model links it instead of creating one (inferred); fixture existsInTarget",
              "the members it pushes follow as Okta's membership update (rename, then PATCH [O1]): the next steps",
            ],
          );
          continue;
        }
        if (total !== 0)
          return {
            reason: `${where(x)} found ${total ?? "an unreadable answer"} (a ${userName !== undefined ? "user" : "group"} match the replay does not model)`,
          };
        if (userName !== undefined) looked.users.add(userName);
        else looked.groups.add(groupName!);
        continue; // the lookup of the assign that follows [O1] [O8]
      }
      if (id === undefined && x.status !== undefined && x.status < 300) {
        dropped.push(where(x)); // a read that changes nothing; the replay's own reads stand for it
        continue;
      }
      return { reason: `${where(x)} has no Okta IdP-level step` };
    }
    if (!fromOkta) return { reason: `${where(x)} is a write Okta did not send (no Okta User-Agent [O1])` };

    if (x.method === "POST" && endpoint === "users" && body !== undefined) {
      const source = sourceOf(body);
      if (!isDeepStrictEqual(body, createUserBody(source, text(body.password))))
        return { reason: `${where(x)} is not Okta's create body [O1]` };
      if (x.status !== 201) return { reason: `${where(x)} was not created (recorded ${x.status})` };
      if ([...userIds.values()].some((u) => u.matched === true && u.source.userName === source.userName))
        return { reason: `${where(x)} creates a user its lookup matched (Okta sends the profile then [O1])` };
      const key = `u${Object.keys(users).length + 1}`;
      const responseId = record(json(x.responseBody))?.id;
      if (typeof responseId !== "string") return { reason: `${where(x)} answered no id` };
      const seen = { key, id: responseId, source: { ...source, key } };
      userIds.set(responseId.toLowerCase(), seen);
      users[key] = fixtureUser(source, pii);
      const state = userState(seen, `userName eq "\${users.${key}.userName}" and active eq ${source.active}`);
      add(
        {
          do: "assignUser",
          user: key,
          title: `Assign ${key}: lookup, then create`,
          expect: { status: [201], state },
        },
        x,
        [
          looked.users.has(source.userName)
            ? "the userName lookup before it found nothing [O1]"
            : "no lookup recorded before it",
          "RFC 7644 §3.3: 201 Created",
        ],
      );
      continue;
    }
    if (x.method === "POST" && endpoint === "groups" && body !== undefined) {
      const name = text(body.displayName);
      if (!isDeepStrictEqual(body, createGroupBody(name)))
        return { reason: `${where(x)} is not Okta's group push body [O1]` };
      const responseId = record(json(x.responseBody))?.id;
      if (x.status !== 201 || typeof responseId !== "string")
        return { reason: `${where(x)} was not created (recorded ${x.status})` };
      const key = `g${Object.keys(groups).length + 1}`;
      groupIds.set(responseId.toLowerCase(), { key, id: responseId, name, members: [], renamed: false });
      groups[key] = {};
      const expect: Expectation = { status: [201], state: [{ group: key, exists: true, members: [] }] };
      add({ do: "assignGroup", group: key, title: `Push ${key}: lookup, then create`, expect }, x, [
        looked.groups.has(name)
          ? "the displayName lookup before it found nothing [O8]"
          : "no lookup recorded before it",
        "RFC 7644 §3.3: 201 Created",
      ]);
      continue;
    }

    const user = id !== undefined ? userOf(id) : undefined;
    if (user?.matched === true && x.method !== "PUT")
      return { reason: `${where(x)} comes before the profile PUT Okta sends after a match [O1]` };
    if (user !== undefined && x.method === "PATCH" && body !== undefined) {
      const value = record(record((body.Operations as unknown[] | undefined)?.[0])?.value);
      if (typeof value?.active === "boolean" && isDeepStrictEqual(body, activePatchBody(value.active))) {
        kind("oin", x);
        user.source.active = value.active;
        add(activeStep(user, value.active, PATCH_OK), x, [
          `OIN: PATCH replace value {active} [O1]; the SP must show active ${value.active} afterwards; RFC 7644 §3.5.2 allows 200 or 204`,
        ]);
        continue;
      }
      if (typeof value?.password === "string" && isDeepStrictEqual(body, passwordPatchBody(value.password))) {
        kind("oin", x);
        add(passwordStep(user, PATCH_OK), x, [
          "OIN: PATCH replace value {password} [O1]; RFC 7644 §3.5.2 allows 200 or 204",
        ]);
        continue;
      }
      return { reason: `${where(x)} is not a PATCH Okta sends (active or password [O1])` };
    }
    if (user !== undefined && x.method === "PUT" && body !== undefined) {
      const got = lastGet.get(id!);
      if (got === undefined)
        return { reason: `${where(x)} has no GET before it (Okta reads, then PUTs [O1])` };
      const { password, ...rest } = body;
      const source = sourceOf(rest);
      if (!isDeepStrictEqual(rest, mergedPutBody(got, source, source.active)))
        return { reason: `${where(x)} is not the user the GET before it answered with Okta's change [O1]` };
      const was = user.source;
      user.source = { ...source, key: user.key };
      if (user.matched === true && password === undefined) {
        user.matched = false;
        users[user.key] = { ...fixtureUser(source, pii), existsInTarget: true };
        const state = userState(
          user,
          `userName eq "\${users.${user.key}.userName}" and active eq ${source.active}`,
        );
        add(
          {
            do: "assignUser",
            user: user.key,
            title: `Assign ${user.key}: matched by userName, profile sent`,
            expect: { status: [200], state },
          },
          x,
          [
            "the userName lookup before it matched a user: Okta sends its profile, GET then PUT [O1]; RFC 7644 §3.5.1: 200",
          ],
        );
        continue;
      }
      if (user.matched === true)
        return { reason: `${where(x)} is not the profile PUT Okta sends after a match [O1]` };
      if (typeof password === "string") {
        kind("aiw", x);
        add(passwordStep(user, [200]), x, [
          "AIW: the password goes in the PUT of the user [O1]; RFC 7644 §3.5.1: 200",
        ]);
      } else if (source.active !== was.active) {
        kind("aiw", x);
        add(activeStep(user, source.active, [200]), x, [
          `AIW: GET, then PUT with active ${source.active} [O1]; the SP must show it afterwards; RFC 7644 §3.5.1: 200`,
        ]);
      } else add(...updateStep(user, was, source, pii, x));
      continue;
    }
    const group = id !== undefined ? groupOf(id) : undefined;
    if (group !== undefined && x.method === "PATCH" && body !== undefined) {
      const value = record(record((body.Operations as unknown[] | undefined)?.[0])?.value);
      const name = text(value?.displayName);
      if (name !== "" && isDeepStrictEqual(body, renamePatchBody(group.id, name))) {
        kind("oin", x);
        const changed = name !== group.name;
        group.renamed = true;
        if (!changed) continue; // re-sent before the membership PATCH that must follow [O1]
        group.name = name;
        add(renameStep(group, name, pii, PATCH_OK), x, [
          "OIN: PATCH replace value {id, displayName} [O1]; RFC 7644 §3.5.2 allows 200 or 204",
        ]);
        continue;
      }
      const change = membership(body, group, userOf);
      if (typeof change === "string") return { reason: `${where(x)} ${change}` };
      if (!group.renamed)
        return { reason: `${where(x)} is a membership PATCH without Okta's rename before it [O1]` };
      kind("oin", x);
      add(
        ...membersStep(
          group,
          change,
          x,
          PATCH_OK,
          "OIN: one PATCH per push [O1] [O5] [O6]; RFC 7644 §3.5.2 allows 200 or 204",
        ),
      );
      continue;
    }
    if (group !== undefined && x.method === "PUT" && body !== undefined) {
      const sent = Array.isArray(body.members) ? body.members.map(record) : [];
      const members = sent.map((m) => userOf(text(m?.value)));
      const name = text(body.displayName);
      const wire = members.map((m) => ({ value: m?.id ?? "", display: m?.source.userName ?? "" }));
      if (
        members.some((m) => m === undefined) ||
        !isDeepStrictEqual(body, groupPutBody(group.id, name, wire))
      )
        return { reason: `${where(x)} is not an AIW group PUT of recorded users` };
      kind("aiw", x);
      const now = members.map((m) => m!.key);
      if (name !== group.name && isDeepStrictEqual(new Set(now), new Set(group.members))) {
        group.name = name;
        add(renameStep(group, name, pii, [200]), x, ["AIW: PUT of the group [O1]; RFC 7644 §3.5.1: 200"]);
        continue;
      }
      if (name !== group.name) return { reason: `${where(x)} renames and changes members in one PUT` };
      const added = now.filter((k) => !group.members.includes(k));
      const removed = group.members.filter((k) => !now.includes(k));
      if (added.length > 0 === removed.length > 0)
        return {
          reason: `${where(x)} ${added.length > 0 ? "adds and removes members at once" : "changes nothing"}`,
        };
      add(
        ...membersStep(
          group,
          { added, removed },
          x,
          [200],
          "AIW: PUT of the group [O1]; RFC 7644 §3.5.1: 200",
        ),
      );
      continue;
    }
    if (group !== undefined && x.method === "DELETE") {
      groupIds.delete(id!);
      add(
        { do: "deleteGroup", group: group.key, expect: { state: [{ group: group.key, exists: false }] } },
        x,
        ["unlink with delete [O1]; RFC 7644 §3.6: the group is gone afterwards"],
      );
      continue;
    }
    if (user !== undefined && x.method === "DELETE")
      return { reason: `${where(x)} deletes a user, which Okta never does (it deactivates [O1])` };
    return { reason: `${where(x)} has no Okta IdP-level step` };
  }
  const unsent = [...userIds.values()].find((u) => u.matched === true);
  if (unsent !== undefined)
    return { reason: `the lookup of ${unsent.key} matched a user, but no profile PUT followed [O1]` };
  if (planned.length === 0) return { reason: "no request with an Okta IdP-level step" };
  if (kinds.size > 1)
    return { reason: `both app kinds show (OIN at ${kinds.get("oin")}, AIW at ${kinds.get("aiw")})` };
  const appKind = [...kinds.keys()][0];
  const options = { appKind: appKind ?? ["oin", "aiw"] };
  const inferred: string[] = [];
  for (const p of planned) {
    const provenance = oktaProvenance(p.step as ModelStep, {
      appKind: appKind ?? "oin",
    });
    if (!provenance.inferred) continue;
    inferred.push(p.step.do);
    p.comment.push(
      `inferred: the Okta model's wire form of ${p.step.do} is partly inferred (${provenance.evidence.join(" ")})`,
    );
  }
  return {
    given: givenOf(users, groups),
    planned,
    options,
    dropped,
    inferred: [...new Set(inferred)],
    dialect:
      appKind === undefined
        ? "app kind not shown: OIN and AIW replayed"
        : `${appKind.toUpperCase()} app [O1]`,
    notes: [
      appKind === undefined
        ? "The app kind does not show in the recording (no active, password or group change): OIN and AIW are both replayed."
        : `App kind ${appKind.toUpperCase()} [O1]: ${appKind === "oin" ? "active, password and group changes are PATCHes" : "every update is a PUT"} (${kinds.get(appKind)}).`,
      ...(inferred.length > 0
        ? [
            `Inferred: the Okta model's wire form of ${[...new Set(inferred)].join(", ")} is partly inferred (see the step comments).`,
          ]
        : []),
    ],
  };
}

/** RFC 7644 §3.4.2: a query answers 200 with a ListResponse. */
const listOk = (): Expectation => ({
  status: [200],
  body: { "/schemas/0": "urn:ietf:params:scim:api:messages:2.0:ListResponse" },
});

/** The resources with an id a list answer holds. */
function listed(x: HarExchange): Json[] {
  const resources = record(json(x.responseBody))?.Resources;
  if (!Array.isArray(resources) || x.truncated?.response !== undefined) return [];
  return resources.flatMap((r) => (typeof record(r)?.id === "string" ? [record(r)!] : []));
}

function totalResults(x: HarExchange): number | undefined {
  const listed = record(json(x.responseBody));
  if (listed === undefined) return x.status === 404 ? 0 : undefined; // [O1]: a miss may be a 404
  const resources = Array.isArray(listed.Resources) ? listed.Resources.length : 0;
  return typeof listed.totalResults === "number" ? Math.max(listed.totalResults, resources) : resources;
}

function fixtureUser(source: SourceUser, pii: Pseudonymizer): FixtureUser {
  return {
    ...(source.givenName !== "" ? { givenName: pii.value("givenName", source.givenName) } : {}),
    ...(source.familyName !== "" ? { familyName: pii.value("familyName", source.familyName) } : {}),
    ...(!source.active ? { active: false } : {}),
  };
}

function activeStep(user: UserSeen, active: boolean, status: number[]): Step {
  const expect: Expectation = { status, state: [{ user: user.key, matches: `active eq ${active}` }] };
  return { do: active ? "enableUser" : "disableUser", user: user.key, expect };
}

function passwordStep(user: UserSeen, status: number[]): Step {
  const expect: Expectation = {
    status,
    state: [{ user: user.key, matches: `active eq ${user.source.active}` }],
  };
  return { do: "syncPassword", user: user.key, title: `Sync the password of ${user.key}`, expect };
}

/** A profile PUT: the attributes it changed, pseudonymised like the fixtures, and those read back. */
function updateStep(
  user: UserSeen,
  was: SourceUser,
  now: SourceUser,
  pii: Pseudonymizer,
  x: HarExchange,
): [Step, HarExchange, string[]] {
  const set: Record<string, string> = {};
  const checks: string[] = [];
  if (now.givenName !== was.givenName) {
    set.givenName = pii.value("givenName", now.givenName);
    checks.push(`name.givenName eq ${quoted(set.givenName)}`);
  }
  if (now.familyName !== was.familyName) {
    set.familyName = pii.value("familyName", now.familyName);
    checks.push(`name.familyName eq ${quoted(set.familyName)}`);
  }
  if (now.displayName !== was.displayName) set.displayName = pii.value("displayName", now.displayName);
  if (now.email !== was.email) set.email = pii.value("address", now.email);
  if (now.title !== undefined && now.title !== was.title) {
    set.title = now.title;
    checks.push(`title eq ${quoted(now.title)}`);
  }
  checks.push(`active eq ${now.active}`);
  const expect: Expectation = { status: [200], state: [{ user: user.key, matches: checks.join(" and ") }] };
  return [
    { do: "updateUser", user: user.key, set, expect },
    x,
    [
      `GET, then PUT of the whole user with Okta's change [O1]; changed: ${Object.keys(set).join(", ") || "nothing"}; RFC 7644 §3.5.1: 200`,
    ],
  ];
}

function renameStep(group: GroupSeen, name: string, pii: Pseudonymizer, status: number[]): Step {
  return {
    do: "renameGroup",
    group: group.key,
    to: pii.value("group", name).replace(/\s+/g, "-"),
    expect: { status, state: [{ group: group.key, exists: true, members: [...group.members] }] },
  };
}

/** The members an Okta membership PATCH adds or removes, or what is wrong with it. */
function membership(
  body: Json,
  group: GroupSeen,
  userOf: (id: string) => UserSeen | undefined,
): { added: string[]; removed: string[] } | string {
  const ops = Array.isArray(body.Operations) ? body.Operations.map(record) : [];
  const byId = userOf;
  const adds: OktaMember[] = [];
  const removes: string[] = [];
  for (const op of ops) {
    const path = text(op?.path);
    const removed = /^members\[value eq "([^"]+)"\]$/.exec(path)?.[1];
    if (op?.op === "remove" && removed !== undefined) removes.push(removed);
    else if (op?.op === "add" && path === "members" && Array.isArray(op.value))
      adds.push(
        ...op.value.map((m) => ({ value: text(record(m)?.value), display: text(record(m)?.display) })),
      );
  }
  const emptied = ops.length === 1 && ops[0]?.op === "replace" && ops[0].path === "members";
  if (!isDeepStrictEqual(body, membersPatchBody(adds, removes, emptied)))
    return "is not a membership PATCH Okta sends [O1] [O5]";
  if (adds.some((m) => byId(m.value)?.source.userName !== m.display) || removes.some((v) => !byId(v)))
    return "names a member that is not a recorded user (by id and userName)";
  const added = adds.map((m) => byId(m.value)!.key);
  const removed = emptied ? [...group.members] : removes.map((v) => byId(v)!.key);
  if (added.length > 0 && removed.length > 0) return "adds and removes members in one push";
  if (added.length + removed.length === 0) return "changes no member";
  const left = group.members.filter((k) => !removed.includes(k));
  if (!emptied && added.length === 0 && left.length === 0)
    return "removes every member one by one (Okta sends replace members [] then [O5])";
  return { added, removed };
}

function membersStep(
  group: GroupSeen,
  change: { added: string[]; removed: string[] },
  x: HarExchange,
  status: number[],
  how: string,
): [Step, HarExchange, string[]] {
  group.renamed = false;
  group.members = [
    ...group.members.filter((k) => !change.removed.includes(k)),
    ...change.added.filter((k) => !group.members.includes(k)),
  ];
  const expect: Expectation = { status, state: [{ group: group.key, members: [...group.members] }] };
  const step: Step =
    change.added.length > 0
      ? { do: "addMembers", group: group.key, users: change.added, expect }
      : { do: "removeMembers", group: group.key, users: change.removed, expect };
  return [step, x, [how]];
}
