/**
 * PATCH (RFC 7644 §3.5.2): add, replace and remove with and without paths, value paths, atomicity, and
 * the group membership operations Entra sends ([S1], B6, B7). Every result is read back by GET.
 */

import { SCHEMA_ENTERPRISE_USER } from "../../harness/scim/schemas.ts";
import {
  attr,
  createUser,
  describe,
  idpImpact,
  patch,
  readBack,
  statusOf,
  writable,
} from "./check-helpers.ts";
import type { Created } from "./check-helpers.ts";
import { defineCheck } from "./contract-check.ts";
import type { Finding } from "../../reports/index.ts";
import type { CheckContext, ContractCheck, IdpDependence, Requirement } from "./contract-check.ts";

type Json = Record<string, unknown>;

const ENTRA_PATCH: IdpDependence = {
  idp: "Entra ID",
  evidence: ["[S1]", "[S2]"],
  why: "sends every update as a PATCH",
};

interface PatchCheckSpec {
  id: string;
  title: string;
  rfc: string;
  requires?: readonly Requirement[];
  idpDependence?: readonly IdpDependence[];
  /** Creates what the PATCH needs; returns the resource to patch. */
  setup(ctx: CheckContext): Promise<{ kind: "Users" | "Groups"; created: Created; extra?: Json }>;
  operations(setup: { created: Created; extra?: Json }): Json[];
  /** Problems with the resource read back (empty when it is right). */
  verify(after: Json, setup: { created: Created; extra?: Json }): string[];
  /** Findings apart from the RFC check (IdP compatibility), from the setup. */
  notes?(ctx: CheckContext, setup: { created: Created; extra?: Json }): Finding[];
}

/** A PATCH that must succeed (200 or 204, RFC 7644 §3.5.2) and leave the resource as `verify` says. */
export function patchCheck(spec: PatchCheckSpec): ContractCheck {
  return defineCheck({
    id: spec.id,
    title: spec.title,
    rfc: spec.rfc,
    keyword: "MUST",
    requires: ["patch", ...(spec.requires ?? [])],
    ...(spec.idpDependence !== undefined ? { idpDependence: spec.idpDependence } : {}),
    async run(ctx) {
      const setup = await spec.setup(ctx);
      const notes = spec.notes?.(ctx, setup) ?? [];
      const exchange = await patch(ctx, setup.kind, setup.created.id, spec.operations(setup));
      if (statusOf(exchange) !== 200 && statusOf(exchange) !== 204) {
        return [
          ...notes,
          ctx.finding({
            message: `${describe(exchange)}, expected 200 or 204`,
            actual: exchange.response?.body ?? statusOf(exchange) ?? null,
            exchanges: [exchange],
          }),
        ];
      }
      const after = await readBack(ctx, setup.kind, setup.created.id);
      const problems = spec.verify(after, setup);
      return problems.length === 0
        ? notes
        : [...notes, ctx.finding({ message: problems.join("; "), actual: after, exchanges: [exchange] })];
    },
  });
}

const emailsOf = (user: Json): Json[] => {
  const emails = attr(user, "emails");
  return Array.isArray(emails) ? (emails as Json[]) : [];
};
const emailOfType = (user: Json, type: string) =>
  emailsOf(user)
    .filter((e) => attr(e, "type") === type)
    .map((e) => String(attr(e, "value")));

/** Email values unique to the check (a target may keep emails unique): work, home, other, new-work. */
const emailValuesFor = (ctx: CheckContext): Record<"work" | "home" | "other" | "newWork", string> => ({
  work: `${ctx.uniqueName("work")}@example.com`,
  home: `${ctx.uniqueName("home")}@example.com`,
  other: `${ctx.uniqueName("other")}@example.com`,
  newWork: `${ctx.uniqueName("new-work")}@example.com`,
});

/** A user with a work and a home email; `extra` holds the check's email values. */
async function twoEmails(ctx: CheckContext) {
  const email = emailValuesFor(ctx);
  const created = await createUser(ctx, "emails", {
    emails: [
      { value: email.work, type: "work", primary: true },
      { value: email.home, type: "home" },
    ],
  });
  return { kind: "Users" as const, created, extra: email };
}
const email = (s: { extra?: Json }, which: "work" | "home" | "other" | "newWork"): string =>
  String(s.extra?.[which]).toLowerCase();

const userSetup =
  (extra: Json = {}) =>
  async (ctx: CheckContext) => ({ kind: "Users" as const, created: await createUser(ctx, "patch", extra) });

/** Attributes Entra ([S1] §1.12 of the dossier) and JumpCloud ([J6]) send on every user. */
const IDP_SENDS_DISPLAY_NAME = ["[S1]", "[S2]", "[J6]"];

/**
 * The attribute a replace check writes: displayName, or title where the target declares displayName
 * readOnly (RFC 7643 §7). The subject is "replace sets the attribute", not which attribute.
 */
async function replaceSetup(ctx: CheckContext) {
  const name = writable(ctx, "displayName") ? "displayName" : writable(ctx, "title") ? "title" : undefined;
  if (name === undefined)
    return ctx.notApplicable("the target declares neither displayName nor title writable (RFC 7643 §7)");
  return { kind: "Users" as const, created: await createUser(ctx, "patch"), extra: { name } };
}

const pathless = (s: { extra?: Json }): string[] => (s.extra?.["names"] as string[] | undefined) ?? [];

/** The target declares displayName readOnly, which Entra and JumpCloud send: an IdP finding apart. */
function displayNameReadOnly(ctx: CheckContext): Finding[] {
  if (!ctx.discovery.declares("displayName") || writable(ctx, "displayName")) return [];
  return [
    idpImpact(ctx, "idp.displayName-writable", "warning", {
      title: "The target declares displayName readOnly, but the IdPs send it",
      message:
        "The User schema in /Schemas declares displayName mutability readOnly. RFC 7643 §7 allows that, and this check wrote another attribute; but Entra ID maps displayName by default and sends it in POST and PATCH replace, and JumpCloud sends it too, so those updates will be ignored or refused with 400 mutability.",
      exchanges: [ctx.discovery.exchanges.schemas],
      evidence: IDP_SENDS_DISPLAY_NAME,
    }),
  ];
}

export const PATCH_CHECKS: readonly ContractCheck[] = [
  patchCheck({
    id: "rfc7644.patch.replace-attribute",
    title: "replace with a path sets the attribute",
    rfc: "RFC 7644 §3.5.2.3",
    idpDependence: [ENTRA_PATCH],
    setup: replaceSetup,
    notes: displayNameReadOnly,
    operations: (s) => [{ op: "replace", path: String(s.extra?.["name"]), value: "Replaced Name" }],
    verify: (after, s) =>
      attr(after, String(s.extra?.["name"])) === "Replaced Name"
        ? []
        : [
            `${String(s.extra?.["name"])} is ${JSON.stringify(attr(after, String(s.extra?.["name"])))}, expected "Replaced Name"`,
          ],
  }),
  patchCheck({
    id: "rfc7644.patch.add-attribute",
    title: "add with a path sets an attribute that had no value",
    rfc: "RFC 7644 §3.5.2.1",
    idpDependence: [
      {
        idp: "Entra ID",
        evidence: ["[S1]", "[C8]", "B3"],
        why: "sends add for attributes the SP did not echo",
      },
    ],
    requires: ["attr:title"],
    setup: userSetup(),
    operations: () => [{ op: "add", path: "title", value: "Added Title" }],
    verify: (after) =>
      attr(after, "title") === "Added Title"
        ? []
        : [`title is ${JSON.stringify(attr(after, "title"))}, expected "Added Title"`],
  }),
  patchCheck({
    id: "rfc7644.patch.remove-attribute",
    title: "remove with a path unassigns the attribute",
    rfc: "RFC 7644 §3.5.2.2",
    requires: ["attr:title"],
    setup: userSetup({ title: "To Be Removed" }),
    operations: () => [{ op: "remove", path: "title" }],
    verify: (after) =>
      attr(after, "title") === undefined || attr(after, "title") === null
        ? []
        : [`title is still ${JSON.stringify(attr(after, "title"))}`],
  }),
  patchCheck({
    id: "rfc7644.patch.add-multi-valued-appends",
    title: "add to a multi-valued attribute appends, keeping existing values",
    rfc: "RFC 7644 §3.5.2.1",
    requires: ["attr:emails"],
    setup: twoEmails,
    operations: (s) => [{ op: "add", path: "emails", value: [{ value: s.extra?.["other"], type: "other" }] }],
    verify: (after, s) => {
      const values = emailsOf(after)
        .map((e) => String(attr(e, "value")).toLowerCase())
        .sort();
      const want = [email(s, "home"), email(s, "other"), email(s, "work")].sort();
      return values.join() === want.join()
        ? []
        : [`emails are ${JSON.stringify(values)}, expected ${JSON.stringify(want)}`];
    },
  }),
  patchCheck({
    id: "rfc7644.patch.replace-value-path",
    title: 'replace on emails[type eq "work"].value changes only the work email',
    rfc: "RFC 7644 §3.5.2.3",
    idpDependence: [
      {
        idp: "Entra ID",
        evidence: ["[S1]", "[C11]", "[C14]", "B10"],
        why: "updates emails and addresses through value paths",
      },
    ],
    requires: ["attr:emails"],
    setup: twoEmails,
    operations: (s) => [{ op: "replace", path: 'emails[type eq "work"].value', value: s.extra?.["newWork"] }],
    verify: (after, s) => {
      const work = emailOfType(after, "work").map((v) => v.toLowerCase());
      const home = emailOfType(after, "home").map((v) => v.toLowerCase());
      return work.join() === email(s, "newWork") && home.join() === email(s, "home")
        ? []
        : [
            `work emails ${JSON.stringify(work)}, home emails ${JSON.stringify(home)}; expected ["${email(s, "newWork")}"] and ["${email(s, "home")}"]`,
          ];
    },
  }),
  patchCheck({
    id: "rfc7644.patch.remove-value-path",
    title: 'remove on emails[type eq "home"] removes only that email',
    rfc: "RFC 7644 §3.5.2.2",
    requires: ["attr:emails"],
    setup: twoEmails,
    operations: () => [{ op: "remove", path: 'emails[type eq "home"]' }],
    verify: (after, s) => {
      const values = emailsOf(after).map((e) => String(attr(e, "value")).toLowerCase());
      return values.join() === email(s, "work")
        ? []
        : [`emails are ${JSON.stringify(values)}, expected ["${email(s, "work")}"]`];
    },
  }),
  patchCheck({
    id: "rfc7644.patch.no-path-replace",
    title: "replace without a path sets every attribute of the value object",
    rfc: "RFC 7644 §3.5.2.3",
    idpDependence: [ENTRA_PATCH],
    setup: async (ctx) => {
      // Two string attributes the target lets clients write (RFC 7643 §7), displayName and title first.
      const names = ["displayName", "title", "nickName", "userType"]
        .filter((n) => writable(ctx, n))
        .slice(0, 2);
      if (names.length < 2)
        return ctx.notApplicable(
          "the target declares fewer than two of displayName, title, nickName, userType writable (RFC 7643 §7)",
        );
      return { kind: "Users" as const, created: await createUser(ctx, "patch"), extra: { names } };
    },
    notes: displayNameReadOnly,
    operations: (s) => [
      {
        op: "replace",
        value: Object.fromEntries(pathless(s).map((n) => [n, `Pathless ${n}`])),
      },
    ],
    verify: (after, s) =>
      pathless(s).every((n) => attr(after, n) === `Pathless ${n}`)
        ? []
        : [
            `${pathless(s)
              .map((n) => `${n} ${JSON.stringify(attr(after, n))}`)
              .join(", ")}; expected ${pathless(s)
              .map((n) => `"Pathless ${n}"`)
              .join(" and ")}`,
          ],
  }),
  patchCheck({
    id: "rfc7644.patch.replace-active",
    title: "replace active false deactivates the user",
    rfc: "RFC 7644 §3.5.2.3; RFC 7643 §4.1.1",
    idpDependence: [
      { idp: "Entra ID", evidence: ["[S1]", "B22"], why: "deprovisions by PATCHing active to false" },
    ],
    requires: ["attr:active"],
    setup: userSetup({ active: true }),
    operations: () => [{ op: "replace", path: "active", value: false }],
    verify: (after) =>
      attr(after, "active") === false
        ? []
        : [`active is ${JSON.stringify(attr(after, "active"))}, expected false`],
  }),
  patchCheck({
    id: "rfc7644.patch.extension-path",
    title: "A URN-qualified path reaches an extension attribute",
    rfc: "RFC 7644 §3.5.2, §3.10",
    idpDependence: [
      { idp: "Entra ID", evidence: ["[S1]", "[S2]"], why: "updates enterprise attributes with URN paths" },
    ],
    requires: ["enterpriseUser"],
    setup: userSetup(),
    operations: () => [{ op: "replace", path: `${SCHEMA_ENTERPRISE_USER}:employeeNumber`, value: "E-4242" }],
    verify: (after) => {
      const value = attr(attr(after, SCHEMA_ENTERPRISE_USER), "employeeNumber");
      return value === "E-4242" ? [] : [`employeeNumber is ${JSON.stringify(value)}, expected "E-4242"`];
    },
  }),
];
