/**
 * The model of the stateful property: what a correct SP holds after a sequence of IdP operations, as
 * plain maps (never a copy of the fake), and the read-back checks that compare the target with it.
 */
import { scimQuery } from "../../harness/http/http-intent.ts";
import { printFilter } from "../../harness/scim/filter-print.ts";
import { resolveAttribute } from "../../harness/scim/schema-types.ts";
import type { ResourceTypeSchemas } from "../../harness/scim/schema-types.ts";
import { describe } from "../checks/check-helpers.ts";
import { diffResources, normalise, witnessSteps } from "./resource-diff.ts";
import type { AttributeDiff } from "./resource-diff.ts";
import type { CaseFailure, PropertyEnv } from "./run-property.ts";
import type { Exchange } from "../../harness/http/exchange.ts";
import type { ScenarioRecorder } from "./scenario-recorder.ts";
import type { RuleDefinition } from "../../reports/index.ts";
import {
  groupsViolations,
  metaViolations,
  readOnlyViolations,
  schemaViolations,
} from "./stateful-invariants.ts";
import type { MetaContext, MetaSeen, Violation } from "./stateful-invariants.ts";
import { rootSchema } from "./replay-schema.ts";
import type { RequestStep } from "./scenario-recorder.ts";

type Json = Record<string, unknown>;

export interface ModelUser {
  userName: string;
  /** The value of the target's label attribute (`labelAttribute`); undefined once a PATCH removed it. */
  displayName: string | undefined;
  active: boolean;
  /** The last representation read that the invariants accepted (the base of the next expectation). */
  resource?: Json;
  /** What the reads showed of `meta` so far. */
  meta?: MetaSeen;
  /** The last read that showed each `meta` value (a replay captures earlier values from its step). */
  metaReads?: MetaReads;
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

export const labelOf = (body: Json, label: ReturnType<typeof labelAttribute>): unknown =>
  label === "name.givenName" ? (body["name"] as Json | undefined)?.["givenName"] : body[label];

export interface ModelGroup {
  displayName: string;
  /** Member user refs. */
  members: Set<string>;
  /** The last representation read (members and displayName compared as the model says). */
  resource?: Json;
  meta?: MetaSeen;
  metaReads?: MetaReads;
}

/** The last read that showed each `meta` sub-attribute the invariants compare over time. */
type MetaReads = Partial<Record<Parameters<MetaContext["earlier"]>[0], Exchange>>;

/** `reads` updated with the `meta` values this read showed. */
function metaReadsAfter(reads: MetaReads | undefined, body: Json, exchange: Exchange): MetaReads {
  const meta = Object.entries(body).find(([k]) => k.toLowerCase() === "meta")?.[1];
  const shown = (name: string) =>
    typeof meta === "object" && meta !== null && Object.keys(meta).some((k) => k.toLowerCase() === name);
  const out: MetaReads = { ...reads };
  for (const name of ["created", "lastModified", "version"] as const)
    if (shown(name.toLowerCase())) out[name] = exchange;
  return out;
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
  /** The target's base URL (`meta.location` is compared with it). */
  baseUrl: string;
  /** The Group resource type the target declares (RFC 7643 §4.2 when it publishes none). */
  groupType: ResourceTypeSchemas;
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

/** What a write asked for, for the invariants the read after it checks. */
export interface WriteCheck {
  /** Every representation the RFC allows after the write (the PATCH oracle's results, or a PUT body). */
  expected?: Json[];
  /** Compare only these top-level attributes with `expected` (a PUT: what it sent, RFC 7644 §3.5.1). */
  only?: readonly string[];
  /** Attribute path → value the write sent (readOnly ones must not be taken). */
  sent?: ReadonlyMap<string, unknown>;
  /**
   * The model takes userName, label and active from the read once it matched one of `expected` (a PATCH
   * whose allowed results differ in them), instead of comparing them first.
   */
  adopt?: boolean;
  /** The write sent an IdP form the target accepted: a state difference is that IdP's finding. */
  idp?: IdpForm;
}

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

/** Attributes the state comparison skips: the server may compute readOnly ones, and never returns some. */
function compared(diff: AttributeDiff, type: ResourceTypeSchemas): boolean {
  const def = resolveAttribute(type, { name: diff.name })?.attribute;
  return (
    def === undefined ||
    (def.mutability !== "readOnly" && def.returned !== "never" && def.returned !== "request")
  );
}

/** The differences from the closest allowed representation (none: one of them matched). */
export function stateDiffs(
  expected: readonly Json[],
  actual: Json,
  type: ResourceTypeSchemas,
  only?: readonly string[],
): AttributeDiff[] {
  const within = (d: AttributeDiff) =>
    compared(d, type) && (only === undefined || only.some((n) => n.toLowerCase() === d.name.toLowerCase()));
  return (
    expected
      .map((e) => diffResources(e, actual).filter(within))
      .reduce<AttributeDiff[] | undefined>(
        (best, d) => (best === undefined || d.length < best.length ? d : best),
        undefined,
      ) ?? []
  );
}

const same = (a: Json | undefined, b: Json, what: (k: string) => boolean) => {
  if (a === undefined) return true;
  const pick = (j: Json) => Object.fromEntries(Object.entries(normalise(j) as Json).filter(([k]) => what(k)));
  return JSON.stringify(pick(a)) === JSON.stringify(pick(b));
};

/**
 * A violation's replay schema, for an attribute the target declares readOnly: a step before the read
 * captures the attribute's declared mutability from `/Schemas/{id}` (RFC 7644 §4) at the position the
 * target lists it (that step fails on a target that lists another attribute there), and the schema
 * applies the invariant only under `readOnly` (a `$ref` to the definition named after the capture).
 */
function declaredReplay(
  real: Real,
  read: RequestStep,
  violation: Violation,
  type: ResourceTypeSchemas,
  definitions: Json,
): Json {
  const declared = violation.declared;
  if (declared === undefined) return violation.replay;
  const schema =
    declared.schemaId === type.core.id
      ? type.core
      : type.extensions.find((e) => e.schema.id === declared.schemaId)!.schema;
  const i = schema.attributes.indexOf(declared.attribute);
  const j = declared.attribute.subAttributes?.indexOf(declared.subAttribute!) ?? -1;
  const pointer = `/attributes/${i}${declared.subAttribute !== undefined ? `/subAttributes/${j}` : ""}`;
  const n = Object.keys(definitions).length;
  const name = `mutability${n}`;
  const step = real.recorder.noteBefore(
    read,
    { method: "GET", path: `/Schemas/${declared.schemaId}` },
    {
      status: [200],
      body: { [`${pointer}/name`]: (declared.subAttribute ?? declared.attribute).name },
    },
    `the declared mutability of ${(declared.subAttribute ?? declared.attribute).name}`,
  );
  step.capture = { [name]: `${pointer}/mutability` };
  for (const m of ["readOnly", "readWrite", "immutable", "writeOnly"])
    definitions[`${name}-${m}`] = m === "readOnly" ? violation.replay : {};
  return { $ref: `#/definitions/${name}-\${${name}}` };
}

/** The id a read returns is the one the target assigned (RFC 7643 §3.1). */
function idViolations(body: Json, id: string): Violation[] {
  if (body["id"] === id) return [];
  return [
    {
      invariant: "schema.readOnly",
      message: `id is ${JSON.stringify(body["id"])}, expected ${JSON.stringify(id)}`,
      rfc: 'RFC 7643 §3.1 id: readOnly, "assigned by the service provider" and never changed',
      replay: { required: ["id"], properties: { id: { const: id } } },
    },
  ];
}

/** `MetaContext.earlier`: the replay captures the value from the step of the previous read. */
function earlierOf(real: Real, ref: string, reads: MetaReads | undefined): MetaContext["earlier"] {
  return (name) => {
    const read = reads?.[name];
    const body = read?.response?.body as Json | undefined;
    const metaKey =
      body === undefined ? undefined : Object.keys(body).find((k) => k.toLowerCase() === "meta");
    const meta = metaKey === undefined ? undefined : (body![metaKey] as Json);
    const key = Object.keys(meta ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
    if (read === undefined || key === undefined)
      throw new Error(`no earlier read of ${ref} showed meta.${name}`);
    const token = (k: string) => k.replaceAll("~", "~0").replaceAll("/", "~1");
    const pointer = `/${token(metaKey!)}/${token(key)}`;
    return real.recorder.captureOn(read, pointer, `${ref}-${name}-${real.recorder.steps.length}`);
  };
}

/** Makes the step of the read `exchange` replay `violations` (`expect.schema`, named in its title). */
export function replayOn(
  real: Real,
  exchange: Exchange,
  violations: readonly Violation[],
  type: ResourceTypeSchemas,
): void {
  const read = real.recorder.stepOf(exchange)!;
  const definitions: Json = {};
  const fragments = violations.map((v) => declaredReplay(real, read, v, type, definitions));
  const invariants = [...new Set(violations.map((v) => v.invariant))].join(", ");
  const schema = rootSchema(invariants, fragments, definitions);
  const spaced = Math.max(0, ...violations.map((v) => v.spaceWriteMs ?? 0));
  // The write before the read lands later than the timestamps resolve after the previous change.
  if (spaced > 0 && real.recorder.lastWrite !== undefined)
    real.recorder.lastWrite.delayMs = Math.max(real.recorder.lastWrite.delayMs ?? 0, spaced);
  real.recorder.expectOn(read, { status: [200], schema }, invariants);
}

/** Throws the first violation as a mismatch naming its invariant; the read's step replays each. */
function raise(
  real: Real,
  what: string,
  after: string,
  violations: Violation[],
  exchange: Exchange,
  evidence: string[] = [],
  type: ResourceTypeSchemas = real.env.userType,
): void {
  const first = violations[0];
  if (first === undefined) return;
  replayOn(real, exchange, violations, type);
  throw new ModelMismatch({
    title: `${what} breaks ${first.invariant} after ${after}`,
    message: `${violations.map((v) => v.message).join("; ")} (${first.rfc})`,
    expected: first.rfc,
    actual: violations.map((v) => `${v.invariant}: ${v.message}`),
    exchange,
    evidence,
  });
}

/** GET the user and compare with the model, then check every invariant of its representation. */
export async function verifyUser(
  model: Model,
  real: Real,
  ref: string,
  after: string,
  write: WriteCheck = {},
): Promise<void> {
  const expected = model.users.get(ref)!;
  const id = idOf(real, ref);
  const exchange = await real.recorder.send({
    label: `read ${ref}`,
    method: "GET",
    path: `/Users/${encodeURIComponent(id)}`,
  });
  const readAt = Date.now();
  const body = exchange.response?.body as Json | undefined;
  if (exchange.response?.status !== 200 || body === undefined) {
    real.recorder.expectOn(real.recorder.stepOf(exchange), { status: [200] });
    throw new ModelMismatch({
      title: `user ${ref} cannot be read after ${after}`,
      message: describe(exchange),
      exchange,
    });
  }
  const type = real.env.userType;
  // Declared types and `returned` first: a value of the wrong type is named as such, not as a state diff.
  raise(real, `user ${ref}`, after, schemaViolations(body, type, true), exchange);
  const label = labelAttribute(real.env);
  const wanted: Json = { userName: expected.userName, [label]: expected.displayName };
  if (real.env.declares("active")) wanted["active"] = expected.active;
  const read = (k: string) => (k === label ? labelOf(body, label) : body[k]);
  const wrong = write.adopt === true ? [] : Object.entries(wanted).filter(([k, v]) => read(k) !== v);
  if (wrong.length > 0) {
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
      write.idp,
    );
  }
  if (write.expected !== undefined) {
    const diffs = stateDiffs(write.expected, body, type, write.only);
    if (diffs.length > 0) {
      witnessSteps(real.recorder, "Users", id, diffs);
      throw new ModelMismatch({
        title: `user ${ref} breaks state after ${after}`,
        message: diffs
          .map(
            (d) =>
              `${d.name} is ${JSON.stringify(d.actual ?? null)}, expected ${JSON.stringify(d.expected ?? null)}`,
          )
          .join("; "),
        expected: Object.fromEntries(diffs.map((d) => [d.name, d.expected ?? null])),
        actual: Object.fromEntries(diffs.map((d) => [d.name, d.actual ?? null])),
        exchange,
      });
    }
  }
  const violations: Violation[] = idViolations(body, id);
  if (write.sent !== undefined && expected.resource !== undefined)
    violations.push(...readOnlyViolations(write.sent, expected.resource, body, type));
  const caseGroups = new Map([...model.groups.keys()].map((g) => [g, idOf(real, g)]));
  const memberOf = new Set([...model.groups].filter(([, g]) => g.members.has(ref)).map(([g]) => g));
  violations.push(...groupsViolations(body, caseGroups, memberOf));
  const own = (k: string) => k !== "meta" && k !== "groups";
  const meta = metaViolations(body, expected.meta, {
    kind: "Users",
    resourceType: "User",
    id,
    baseUrl: real.baseUrl,
    changed: !same(expected.resource, body, own),
    // Every read after the first follows a write to the user: a write may count as a modification.
    touched: expected.meta !== undefined,
    sentAt: real.recorder.lastWriteAt,
    readAt,
    earlier: earlierOf(real, ref, expected.metaReads),
  });
  violations.push(...meta.violations);
  raise(real, `user ${ref}`, after, violations, exchange);
  if (write.adopt === true) {
    expected.userName = String(body["userName"]);
    const shown = labelOf(body, label);
    expected.displayName = typeof shown === "string" ? shown : undefined;
    expected.active = body["active"] === true;
  }
  expected.resource = body;
  expected.meta = meta.seen;
  expected.metaReads = metaReadsAfter(expected.metaReads, body, exchange);
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
  // Membership is a set: a value listed twice (an add of a present member, RFC 7644 §3.5.2.1 "no changes
  // SHOULD be made") is not judged here.
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
  if (nameOk && members.join() === want.join()) {
    groupInvariants(expected, real, ref, id, after, body, exchange, members, evidence);
    return;
  }
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

/** The invariants of a group's representation once its name and members match the model. */
function groupInvariants(
  expected: ModelGroup,
  real: Real,
  ref: string,
  id: string,
  after: string,
  body: Json,
  exchange: Exchange,
  members: string[],
  evidence: string[],
): void {
  const readAt = Date.now();
  const violations = [...schemaViolations(body, real.groupType, true), ...idViolations(body, id)];
  // Members dropped because a user was deleted do not count as a change the model made.
  const view = { displayName: body["displayName"], members };
  const before = expected.resource;
  const meta = metaViolations(body, expected.meta, {
    kind: "Groups",
    resourceType: "Group",
    id,
    baseUrl: real.baseUrl,
    changed: before !== undefined && JSON.stringify(before["view"]) !== JSON.stringify(view),
    // Every read after the first follows a write to the group: a write may count as a modification.
    touched: expected.meta !== undefined,
    sentAt: real.recorder.lastWriteAt,
    readAt,
    earlier: earlierOf(real, ref, expected.metaReads),
  });
  violations.push(...meta.violations);
  raise(real, `group ${ref}`, after, violations, exchange, evidence, real.groupType);
  expected.resource = { ...body, view };
  expected.meta = meta.seen;
  expected.metaReads = metaReadsAfter(expected.metaReads, body, exchange);
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
  real.recorder.expectOn(real.recorder.stepOf(exchange), { status: [404] }, "deleted");
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
