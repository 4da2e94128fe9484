/**
 * The model of the stateful property: what a correct SP holds after a sequence of IdP operations, as
 * plain maps (never a copy of the fake), and the read-back checks that compare the target with it.
 */
import { scimQuery } from "../../harness/http/http-intent.ts";
import { printFilter } from "../../harness/scim/filter-print.ts";
import { resolveAttribute } from "../../harness/scim/schema-types.ts";
import type { Exchange } from "../../harness/http/exchange.ts";
import type { RuleDefinition } from "../../reports/index.ts";
import { describe } from "../checks/check-helpers.ts";
import type { CaseFailure, PropertyEnv } from "./run-property.ts";
import type { ScenarioRecorder } from "./scenario-recorder.ts";

type Json = Record<string, unknown>;

export interface ModelUser {
  userName: string;
  /** The value of the target's label attribute (`labelAttribute`). */
  displayName: string;
  active: boolean;
}

/** Does the target declare this User attribute, and not readOnly (RFC 7643 §7: "SHALL NOT be modified")? */
export function writable(env: PropertyEnv, name: string): boolean {
  if (!env.declares(name)) return false;
  const [top, sub] = name.split(".");
  const resolved = resolveAttribute(env.userType, {
    name: top!,
    ...(sub !== undefined ? { subAttr: sub } : {}),
  });
  return (resolved?.subAttribute ?? resolved?.attribute)?.mutability !== "readOnly";
}

/**
 * The attribute user commands rename: displayName, else title, else name.givenName, the first the target
 * declares writable. A readOnly displayName is the target's right (RFC 7643 §7), not a model mismatch.
 */
export function labelAttribute(env: PropertyEnv): "displayName" | "title" | "name.givenName" {
  return writable(env, "displayName") ? "displayName" : writable(env, "title") ? "title" : "name.givenName";
}

/** A label value unique to the run, the case and the user (a target may keep displayName unique). */
export const labelValue = (recorder: ScenarioRecorder, ref: string, text: string): string =>
  `${text} ${recorder.prefix}${ref}`;

/** A user body with the attributes restricted apps require when they declare them (name, work email). */
export function userBody(env: PropertyEnv, user: ModelUser): Json {
  const body: Json = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: user.userName };
  const label = labelAttribute(env);
  if (env.declares("name")) body["name"] = { givenName: "Ada", familyName: "Tester" };
  if (label === "name.givenName") body["name"] = { givenName: user.displayName, familyName: "Tester" };
  else body[label] = user.displayName;
  if (env.declares("emails")) body["emails"] = [{ value: user.userName, type: "work", primary: true }];
  if (env.declares("active")) body["active"] = user.active;
  return body;
}

const labelOf = (body: Json, label: ReturnType<typeof labelAttribute>): unknown =>
  label === "name.givenName" ? (body["name"] as Json | undefined)?.["givenName"] : body[label];

export interface ModelGroup {
  displayName: string;
  /** Member user refs. */
  members: Set<string>;
}

/** What the SP should hold; refs (`u1`, `g1`) are assigned in creation order. */
export interface Model {
  users: Map<string, ModelUser>;
  groups: Map<string, ModelGroup>;
  next: number;
}

/** The system under test, as one case sees it. */
export interface Real {
  env: PropertyEnv;
  recorder: ScenarioRecorder;
  /** ref → target id. */
  ids: Map<string, string>;
  /** Ids of users deleted during the case (an SP may or may not drop them from groups at once). */
  deleted: Set<string>;
}

export const emptyModel = (): Model => ({ users: new Map(), groups: new Map(), next: 0 });

/** Thrown by a command when the target disagrees with the model. */
export class ModelMismatch extends Error {
  constructor(readonly failure: CaseFailure) {
    super(failure.message);
    this.name = "ModelMismatch";
  }
}

/** The n-th live entry, cycling (commands pick targets by number so they shrink well). */
export const pickFrom = <T>(map: ReadonlyMap<string, T>, n: number): string | undefined => {
  const keys = [...map.keys()];
  return keys.length === 0 ? undefined : keys[n % keys.length];
};

const idOf = (real: Real, ref: string): string => {
  const id = real.ids.get(ref);
  if (id === undefined) throw new Error(`no target id for ${ref}`);
  return id;
};

/**
 * A command that sent an IdP form the target accepted: a read-back that differs from the model is that
 * IdP's "accepted but not applied" finding (its rule, the PATCH as first exchange, so that it shares a
 * root cause with the scenarios' findings of the same bug), not a failure of the RFC model.
 */
export interface IdpForm {
  rule: RuleDefinition;
  exchange: Exchange;
  evidence: string[];
}

/** The failure of a read-back, under the IdP rule when `idp` says the command sent an IdP form. */
function mismatch(failure: CaseFailure, idp: IdpForm | undefined): ModelMismatch {
  if (idp === undefined) return new ModelMismatch(failure);
  return new ModelMismatch({
    ...failure,
    message: `${failure.message} (read back by ${describe(failure.exchange!)}) after ${describe(idp.exchange)}`,
    exchange: idp.exchange,
    evidence: [...new Set([...(failure.evidence ?? []), ...idp.evidence])],
    rule: idp.rule,
  });
}

/** GET the user and compare with the model. */
export async function verifyUser(
  model: Model,
  real: Real,
  ref: string,
  after: string,
  idp?: IdpForm,
): Promise<void> {
  const expected = model.users.get(ref)!;
  const id = idOf(real, ref);
  const exchange = await real.recorder.send({
    label: `read ${ref}`,
    method: "GET",
    path: `/Users/${encodeURIComponent(id)}`,
  });
  const body = exchange.response?.body as Json | undefined;
  if (exchange.response?.status !== 200 || body === undefined) {
    real.recorder.expectOn(real.recorder.stepOf(exchange), { status: [200] });
    throw new ModelMismatch({
      title: `user ${ref} cannot be read after ${after}`,
      message: describe(exchange),
      exchange,
    });
  }
  const label = labelAttribute(real.env);
  const wanted: Json = { userName: expected.userName, [label]: expected.displayName };
  if (real.env.declares("active")) wanted["active"] = expected.active;
  const read = (k: string) => (k === label ? labelOf(body, label) : body[k]);
  const wrong = Object.entries(wanted).filter(([k, v]) => read(k) !== v);
  if (wrong.length === 0) return;
  real.recorder.note(
    { method: "GET", path: `/Users/${id}` },
    { status: [200], body: Object.fromEntries(wrong.map(([k, v]) => [`/${k.replace(".", "/")}`, v])) },
    `${ref} as the model says`,
  );
  throw mismatch(
    {
      title: `user ${ref} differs from the model after ${after}`,
      message: wrong
        .map(([k, v]) => `${k} is ${JSON.stringify(read(k))}, expected ${JSON.stringify(v)}`)
        .join("; "),
      expected: Object.fromEntries(wrong),
      actual: Object.fromEntries(wrong.map(([k]) => [k, read(k) ?? null])),
      exchange,
    },
    idp,
  );
}

/** GET the group and compare name and member set with the model (ids of deleted users are ignored). */
export async function verifyGroup(
  model: Model,
  real: Real,
  ref: string,
  after: string,
  evidence: string[] = [],
  idp?: IdpForm,
): Promise<void> {
  const expected = model.groups.get(ref)!;
  const id = idOf(real, ref);
  const exchange = await real.recorder.send({
    label: `read ${ref}`,
    method: "GET",
    path: `/Groups/${encodeURIComponent(id)}`,
  });
  const body = exchange.response?.body as Json | undefined;
  if (exchange.response?.status !== 200 || body === undefined) {
    real.recorder.expectOn(real.recorder.stepOf(exchange), { status: [200] });
    throw new ModelMismatch({
      title: `group ${ref} cannot be read after ${after}`,
      message: describe(exchange),
      exchange,
    });
  }
  const refOf = new Map([...real.ids].map(([r, i]) => [i, r]));
  // A set: an add of a member the group already has SHOULD change nothing (RFC 7644 §3.5.2.1), a SHOULD
  // this MUST-level model does not judge; a duplicate entry is no lost or extra member.
  const members = [
    ...new Set(
      (Array.isArray(body["members"]) ? (body["members"] as Json[]) : [])
        .map((m) => String(m["value"]))
        .filter((m) => !real.deleted.has(m))
        .map((m) => refOf.get(m) ?? m),
    ),
  ].sort();
  const want = [...expected.members].sort();
  const nameOk = body["displayName"] === expected.displayName;
  if (nameOk && members.join() === want.join()) return;
  if (!nameOk)
    real.recorder.note(
      { method: "GET", path: `/Groups/${id}` },
      { status: [200], body: { "/displayName": expected.displayName } },
      `${ref} is named as the model says`,
    );
  for (const user of new Set([...members, ...want])) {
    const userId = real.ids.get(user);
    if (userId === undefined || members.includes(user) === want.includes(user)) continue;
    const filter = printFilter({
      kind: "and",
      left: { kind: "compare", path: { name: "id" }, op: "eq", value: id },
      right: {
        kind: "valuePath",
        path: { name: "members" },
        filter: { kind: "compare", path: { name: "value" }, op: "eq", value: userId },
      },
    });
    real.recorder.note(
      { method: "GET", path: `/Groups?${scimQuery({ filter })}` },
      { status: [200], body: { "/totalResults": want.includes(user) ? 1 : 0 } },
      `${user} ${want.includes(user) ? "is" : "is not"} a member of ${ref}`,
    );
  }
  throw mismatch(
    {
      title: `group ${ref} differs from the model after ${after}`,
      message: `${nameOk ? "" : `displayName is ${JSON.stringify(body["displayName"])}, expected ${JSON.stringify(expected.displayName)}; `}members are {${members.join(", ")}}, expected {${want.join(", ")}}`,
      expected: { displayName: expected.displayName, members: want },
      actual: { displayName: body["displayName"] ?? null, members },
      exchange,
      evidence,
    },
    idp,
  );
}

/** GET must answer 404 after a DELETE (RFC 7644 §3.6). */
export async function verifyGone(real: Real, kind: "Users" | "Groups", ref: string): Promise<void> {
  const id = idOf(real, ref);
  const exchange = await real.recorder.send({
    label: `read deleted ${ref}`,
    method: "GET",
    path: `/${kind}/${encodeURIComponent(id)}`,
  });
  if (exchange.response?.status === 404) return;
  real.recorder.expectOn(real.recorder.stepOf(exchange), { status: [404] });
  throw new ModelMismatch({
    title: `${ref} is still there after DELETE`,
    message: `${describe(exchange)}, expected 404 (RFC 7644 §3.6)`,
    exchange,
  });
}

/** A PATCH/PUT/DELETE/POST answered outside `allowed` is a mismatch (the replay expects `allowed`). */
export function expectStatus(
  real: Real,
  exchange: Awaited<ReturnType<ScenarioRecorder["send"]>>,
  allowed: number[],
  what: string,
  evidence: string[] = [],
): void {
  const status = exchange.response?.status;
  if (status !== undefined && allowed.includes(status)) return;
  real.recorder.expectOn(real.recorder.stepOf(exchange), { status: allowed });
  throw new ModelMismatch({
    title: `${what} failed`,
    message: `${describe(exchange)}, expected ${allowed.join(" or ")}`,
    expected: allowed,
    actual: exchange.response?.body ?? exchange.error?.kind,
    exchange,
    evidence,
  });
}

/**
 * The answer to a PATCH in an IdP's non-RFC form (Entra without aadOptscim062020 [S2]). 400 is a refusal
 * RFC 7644 allows (§3.5.2 names the op values, RFC 7643 §2.3.2 makes a boolean a JSON literal; §3.12 gives
 * 400): noted under `refused`, the rule the scenarios use, and the model stays as it was. 200/204: accepted,
 * returns the `IdpForm` its read-back is judged under. Anything else fails the case as `expectStatus` does.
 */
export function expectIdpForm(
  real: Real,
  exchange: Exchange,
  form: { what: string; title: string; refused: RuleDefinition; applied: RuleDefinition; evidence: string[] },
): IdpForm | undefined {
  if (exchange.response?.status === 400) {
    real.env.noteIdp({
      rule: form.refused,
      title: form.title,
      message: `${describe(exchange)}: RFC 7644 allows this refusal, but Entra without aadOptscim062020 sends this form [S2] and retries the update every cycle [S3].`,
      expected: [200, 204],
      actual: 400,
      exchange,
      evidence: form.evidence,
    });
    return undefined;
  }
  expectStatus(real, exchange, [200, 204, 400], form.what, form.evidence);
  return { rule: form.applied, exchange, evidence: form.evidence };
}
