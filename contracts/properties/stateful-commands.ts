/**
 * The commands of the stateful property (fast-check `asyncModelRun`): what an IdP does to users and
 * groups, each checked against the model right after it ran. Targets are picked by number so a shrunk
 * sequence stays meaningful. Dialect `entra` sends Entra's pre-`aadOptscim062020` forms [S2].
 */
import type fc from "fast-check";
import type { Exchange } from "../../harness/http/exchange.ts";
import { ENTRA_RULES } from "../../harness/rules/entra-rules.ts";
import { SCHEMA_GROUP, SCHEMA_PATCH_OP } from "../../harness/scim/schemas.ts";
import type { IdpForm, Model, Real } from "./stateful-model.ts";
import { verifyNotListed } from "./stateful-lifecycle.ts";
import {
  expectIdpForm,
  expectStatus,
  labelAttribute,
  labelValue,
  pickFrom,
  userBody,
  verifyGone,
  verifyGroup,
  verifyUser,
} from "./stateful-model.ts";

type Cmd = fc.AsyncCommand<Model, Real>;
export type Dialect = "rfc" | "entra";

const patchBody = (...Operations: Record<string, unknown>[]) => ({ schemas: [SCHEMA_PATCH_OP], Operations });
const op = (dialect: Dialect, name: string) =>
  dialect === "entra" ? name.charAt(0).toUpperCase() + name.slice(1) : name;
const path = (real: Real, kind: "Users" | "Groups", ref: string) =>
  `/${kind}/${encodeURIComponent(real.ids.get(ref)!)}`;
const userPick = (m: Model, n: number) => pickFrom(m.users, n)!;
const groupPick = (m: Model, n: number) => pickFrom(m.groups, n)!;
/**
 * The status check of a PATCH: RFC dialect → 200/204 (`expectStatus`); Entra's forms → a 400 is the
 * RFC-correct refusal noted under the Entra rule, a 2xx returns the `IdpForm` its read-back is judged under.
 * `accepted` is false only for such a refusal (then the model must not change).
 */
function patchAnswer(
  r: Real,
  exchange: Exchange,
  idpForm: boolean,
  what: string,
  kind: "user" | "group",
  title: string,
  evidence: string[],
): { accepted: boolean; idp?: IdpForm } {
  if (!idpForm) {
    expectStatus(r, exchange, [200, 204], what, evidence);
    return { accepted: true };
  }
  const idp = expectIdpForm(r, exchange, {
    what,
    title,
    refused: kind === "user" ? ENTRA_RULES.userPatch : ENTRA_RULES.groupPatch,
    applied: kind === "user" ? ENTRA_RULES.patchApplied : ENTRA_RULES.groupPatchApplied,
    evidence,
  });
  return idp === undefined ? { accepted: false } : { accepted: true, idp };
}

/** Distinct users chosen by numbers. */
const usersPicked = (m: Model, picks: readonly number[]) => [...new Set(picks.map((n) => userPick(m, n)))];

export class CreateUser implements Cmd {
  constructor(readonly displayName: string) {}
  check = (m: Readonly<Model>) => m.users.size < 4;
  async run(m: Model, r: Real) {
    const ref = `u${++m.next}`;
    const user = {
      userName: `${r.recorder.prefix}${ref}@example.com`,
      displayName: labelValue(r.recorder, ref, this.displayName),
      active: true,
    };
    const exchange = await r.recorder.send(
      { label: `create ${ref}`, method: "POST", path: "/Users", body: userBody(r.env, user) },
      { track: { kind: "Users", variable: ref } },
    );
    expectStatus(r, exchange, [201], `creating user ${ref}`);
    r.ids.set(ref, String((exchange.response?.body as Record<string, unknown>)["id"]));
    m.users.set(ref, user);
    await verifyUser(m, r, ref, "POST");
  }
  toString = () => `CreateUser(${JSON.stringify(this.displayName)})`;
}

export class ReplaceUser implements Cmd {
  constructor(
    readonly pick: number,
    readonly displayName: string,
  ) {}
  check = (m: Readonly<Model>) => m.users.size > 0;
  async run(m: Model, r: Real) {
    const ref = userPick(m, this.pick);
    const user = { ...m.users.get(ref)!, displayName: labelValue(r.recorder, ref, this.displayName) };
    const body = userBody(r.env, user);
    const exchange = await r.recorder.send({
      label: `PUT ${ref}`,
      method: "PUT",
      path: path(r, "Users", ref),
      body,
    });
    expectStatus(r, exchange, [200], `replacing user ${ref}`, ["B15"]);
    m.users.set(ref, user);
    // What the PUT sent must be read back; what it left out the target may clear or keep (RFC 7644 §3.5.1).
    await verifyUser(m, r, ref, "PUT", { expected: [body], only: Object.keys(body) });
  }
  toString = () => `ReplaceUser(${this.pick}, ${JSON.stringify(this.displayName)})`;
}

export class RenameUser implements Cmd {
  constructor(
    readonly pick: number,
    readonly displayName: string,
    readonly dialect: Dialect,
  ) {}
  check = (m: Readonly<Model>) => m.users.size > 0;
  async run(m: Model, r: Real) {
    const ref = userPick(m, this.pick);
    const body = patchBody({
      op: op(this.dialect, "replace"),
      path: labelAttribute(r.env),
      value: labelValue(r.recorder, ref, this.displayName),
    });
    const exchange = await r.recorder.send({
      label: `rename ${ref}`,
      method: "PATCH",
      path: path(r, "Users", ref),
      body,
    });
    const { accepted, idp } = patchAnswer(
      r,
      exchange,
      this.dialect === "entra",
      `renaming user ${ref}`,
      "user",
      'the SP refused Entra\'s capitalised "Replace" on a user',
      this.dialect === "entra" ? ["B2", "[S2]"] : [],
    );
    if (accepted) m.users.get(ref)!.displayName = labelValue(r.recorder, ref, this.displayName);
    await verifyUser(m, r, ref, `a ${labelAttribute(r.env)} PATCH`, idp === undefined ? {} : { idp });
  }
  toString = () => `RenameUser(${this.pick}, ${JSON.stringify(this.displayName)}, ${this.dialect})`;
}

export class SetActive implements Cmd {
  constructor(
    readonly pick: number,
    readonly active: boolean,
    readonly dialect: Dialect,
  ) {}
  check = (m: Readonly<Model>) => m.users.size > 0;
  async run(m: Model, r: Real) {
    if (!r.env.declares("active")) return;
    const ref = userPick(m, this.pick);
    // Entra without the flag: "Replace" with the string "False" [S2] (B1, B2).
    const value = this.dialect === "entra" ? (this.active ? "True" : "False") : this.active;
    const body = patchBody({ op: op(this.dialect, "replace"), path: "active", value });
    const exchange = await r.recorder.send({
      label: `${this.active ? "enable" : "disable"} ${ref}`,
      method: "PATCH",
      path: path(r, "Users", ref),
      body,
    });
    const evidence = this.dialect === "entra" ? ["B1", "B2", "[S2]"] : [];
    const { accepted, idp } = patchAnswer(
      r,
      exchange,
      this.dialect === "entra",
      `setting active on ${ref}`,
      "user",
      'the SP refused Entra\'s {"op":"Replace","path":"active","value":"True"|"False"}',
      evidence,
    );
    if (accepted) m.users.get(ref)!.active = this.active;
    await verifyUser(m, r, ref, `active=${String(value)}`, idp === undefined ? {} : { idp });
  }
  toString = () => `SetActive(${this.pick}, ${this.active}, ${this.dialect})`;
}

export class DeleteUser implements Cmd {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.users.size > 0;
  async run(m: Model, r: Real) {
    const ref = userPick(m, this.pick);
    const exchange = await r.recorder.send({
      label: `delete ${ref}`,
      method: "DELETE",
      path: path(r, "Users", ref),
    });
    expectStatus(r, exchange, [204], `deleting user ${ref}`);
    const { userName } = m.users.get(ref)!;
    m.users.delete(ref);
    for (const group of m.groups.values()) group.members.delete(ref);
    r.deleted.add(r.ids.get(ref)!);
    r.recorder.untrack(r.ids.get(ref)!);
    await verifyGone(r, "Users", ref);
    await verifyNotListed(r, "Users", ref, "userName", userName);
  }
  toString = () => `DeleteUser(${this.pick})`;
}

export class CreateGroup implements Cmd {
  constructor(readonly name: string) {}
  check = (m: Readonly<Model>) => m.groups.size < 3;
  async run(m: Model, r: Real) {
    const ref = `g${++m.next}`;
    const displayName = `${r.recorder.prefix}${ref} ${this.name}`;
    const exchange = await r.recorder.send(
      {
        label: `create ${ref}`,
        method: "POST",
        path: "/Groups",
        body: { schemas: [SCHEMA_GROUP], displayName },
      },
      { track: { kind: "Groups", variable: ref } },
    );
    expectStatus(r, exchange, [201], `creating group ${ref}`);
    r.ids.set(ref, String((exchange.response?.body as Record<string, unknown>)["id"]));
    m.groups.set(ref, { displayName, members: new Set() });
    await verifyGroup(m, r, ref, "POST");
  }
  toString = () => `CreateGroup(${JSON.stringify(this.name)})`;
}

export class RenameGroup implements Cmd {
  constructor(
    readonly pick: number,
    readonly name: string,
    readonly pathless: boolean,
    readonly dialect: Dialect,
  ) {}
  check = (m: Readonly<Model>) => m.groups.size > 0;
  async run(m: Model, r: Real) {
    const ref = groupPick(m, this.pick);
    const displayName = `${r.recorder.prefix}${ref} ${this.name}`;
    const operation = this.pathless
      ? { op: op(this.dialect, "replace"), value: { displayName } }
      : { op: op(this.dialect, "replace"), path: "displayName", value: displayName };
    const exchange = await r.recorder.send({
      label: `rename ${ref}`,
      method: "PATCH",
      path: path(r, "Groups", ref),
      body: patchBody(operation),
    });
    const { accepted, idp } = patchAnswer(
      r,
      exchange,
      this.dialect === "entra",
      `renaming group ${ref}`,
      "group",
      'the SP refused Entra\'s capitalised "Replace" on a group',
      this.dialect === "entra" ? ["B2", "[S2]"] : ["B6"],
    );
    if (accepted) m.groups.get(ref)!.displayName = displayName;
    await verifyGroup(m, r, ref, "a rename", ["B6", "[S1]"], idp);
  }
  toString = () =>
    `RenameGroup(${this.pick}, ${JSON.stringify(this.name)}, ${this.pathless ? "path-less" : "path"}, ${this.dialect})`;
}

export class DeleteGroup implements Cmd {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.groups.size > 0;
  async run(m: Model, r: Real) {
    const ref = groupPick(m, this.pick);
    const exchange = await r.recorder.send({
      label: `delete ${ref}`,
      method: "DELETE",
      path: path(r, "Groups", ref),
    });
    expectStatus(r, exchange, [204], `deleting group ${ref}`);
    const { displayName } = m.groups.get(ref)!;
    m.groups.delete(ref);
    r.recorder.untrack(r.ids.get(ref)!);
    await verifyGone(r, "Groups", ref);
    await verifyNotListed(r, "Groups", ref, "displayName", displayName);
  }
  toString = () => `DeleteGroup(${this.pick})`;
}

export class AddMembers implements Cmd {
  constructor(
    readonly group: number,
    readonly users: readonly number[],
    readonly dialect: Dialect,
  ) {}
  check = (m: Readonly<Model>) => m.groups.size > 0 && m.users.size > 0;
  async run(m: Model, r: Real) {
    const ref = groupPick(m, this.group);
    const refs = usersPicked(m, this.users);
    const body = patchBody({
      op: op(this.dialect, "add"),
      path: "members",
      value: refs.map((u) => ({ value: r.ids.get(u) })),
    });
    const exchange = await r.recorder.send({
      label: `add ${refs.join(", ")} to ${ref}`,
      method: "PATCH",
      path: path(r, "Groups", ref),
      body,
    });
    const { accepted, idp } = patchAnswer(
      r,
      exchange,
      this.dialect === "entra",
      `adding members to ${ref}`,
      "group",
      'the SP refused Entra\'s capitalised "Add" of members',
      this.dialect === "entra" ? ["B2", "[S2]"] : [],
    );
    if (accepted) for (const u of refs) m.groups.get(ref)!.members.add(u);
    await verifyGroup(m, r, ref, "an add-members PATCH", ["B7", "[S1]"], idp);
  }
  toString = () => `AddMembers(${this.group}, [${this.users.join(", ")}], ${this.dialect})`;
}

export class RemoveMembers implements Cmd {
  constructor(
    readonly group: number,
    readonly users: readonly number[],
    readonly valueArray: boolean,
  ) {}
  check = (m: Readonly<Model>) => [...m.groups.values()].some((g) => g.members.size > 0);
  async run(m: Model, r: Real) {
    const withMembers = new Map([...m.groups].filter(([, g]) => g.members.size > 0));
    const ref = pickFrom(withMembers, this.group)!;
    const members = [...m.groups.get(ref)!.members];
    const refs = [...new Set(this.users.map((n) => members[n % members.length]!))];
    // valueArray: Entra's remove with a value array and no filter [S2] [C5], B4; else one filtered op each.
    const body = this.valueArray
      ? patchBody({ op: "Remove", path: "members", value: refs.map((u) => ({ value: r.ids.get(u) })) })
      : patchBody(...refs.map((u) => ({ op: "remove", path: `members[value eq "${r.ids.get(u)!}"]` })));
    const exchange = await r.recorder.send({
      label: `remove ${refs.join(", ")} from ${ref}`,
      method: "PATCH",
      path: path(r, "Groups", ref),
      body,
    });
    const evidence = this.valueArray ? ["B4", "[S2]", "[C5]"] : [];
    // The value array is Entra's reading; RFC 7644 §3.5.2.2 read literally removes every member, so a
    // 2xx that does so is Entra's "not applied" finding, and a 400 the refusal RFC 7644 allows.
    const { accepted, idp } = patchAnswer(
      r,
      exchange,
      this.valueArray,
      `removing members from ${ref}`,
      "group",
      'the SP refused Entra\'s {"op":"Remove","path":"members","value":[…]}',
      evidence,
    );
    if (accepted) for (const u of refs) m.groups.get(ref)!.members.delete(u);
    await verifyGroup(
      m,
      r,
      ref,
      `a ${this.valueArray ? "value-array" : "filtered"} remove-members PATCH`,
      evidence,
      idp,
    );
  }
  toString = () =>
    `RemoveMembers(${this.group}, [${this.users.join(", ")}], ${this.valueArray ? "value array" : "filter"})`;
}

/** Parallel add-member PATCHes, one user each, as Entra and Okta send them (B8). */
export class ConcurrentAdd implements Cmd {
  constructor(
    readonly group: number,
    readonly users: readonly number[],
  ) {}
  check = (m: Readonly<Model>) => m.groups.size > 0 && m.users.size > 1;
  async run(m: Model, r: Real) {
    const ref = groupPick(m, this.group);
    const refs = usersPicked(m, this.users);
    const exchanges = await Promise.all(
      refs.map((u) =>
        r.recorder.send({
          label: `add ${u} to ${ref} (concurrently)`,
          method: "PATCH",
          path: path(r, "Groups", ref),
          body: patchBody({ op: "add", path: "members", value: [{ value: r.ids.get(u) }] }),
        }),
      ),
    );
    for (const exchange of exchanges)
      expectStatus(r, exchange, [200, 204], `a concurrent add to ${ref}`, ["B8"]);
    for (const u of refs) m.groups.get(ref)!.members.add(u);
    await verifyGroup(m, r, ref, `${refs.length} concurrent add-member PATCHes`, ["B8"]);
  }
  toString = () => `ConcurrentAdd(${this.group}, [${this.users.join(", ")}])`;
}
