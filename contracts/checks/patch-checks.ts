/**
 * PATCH (RFC 7644 §3.5.2): add, replace and remove with and without paths, value paths, atomicity, and
 * the group membership operations Entra sends ([S1], B6, B7). Every result is read back by GET.
 */

import { SCHEMA_ENTERPRISE_USER } from "../../harness/scim/schemas.ts";
import { attr, createUser, describe, patch, readBack, statusOf } from "./check-helpers.ts";
import type { Created } from "./check-helpers.ts";
import { defineCheck } from "./contract-check.ts";
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
      const exchange = await patch(ctx, setup.kind, setup.created.id, spec.operations(setup));
      if (statusOf(exchange) !== 200 && statusOf(exchange) !== 204) {
        return [
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
        ? []
        : [ctx.finding({ message: problems.join("; "), actual: after, exchanges: [exchange] })];
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

const twoEmails = (ctx: CheckContext) =>
  createUser(ctx, "emails", {
    emails: [
      { value: "work@example.com", type: "work", primary: true },
      { value: "home@example.com", type: "home" },
    ],
  });

const userSetup =
  (extra: Json = {}) =>
  async (ctx: CheckContext) => ({ kind: "Users" as const, created: await createUser(ctx, "patch", extra) });

export const PATCH_CHECKS: readonly ContractCheck[] = [
  patchCheck({
    id: "rfc7644.patch.replace-attribute",
    title: "replace with a path sets the attribute",
    rfc: "RFC 7644 §3.5.2.3",
    idpDependence: [ENTRA_PATCH],
    requires: ["attr:displayName"],
    setup: userSetup(),
    operations: () => [{ op: "replace", path: "displayName", value: "Replaced Name" }],
    verify: (after) =>
      attr(after, "displayName") === "Replaced Name"
        ? []
        : [`displayName is ${JSON.stringify(attr(after, "displayName"))}, expected "Replaced Name"`],
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
    setup: async (ctx) => ({ kind: "Users", created: await twoEmails(ctx) }),
    operations: () => [{ op: "add", path: "emails", value: [{ value: "other@example.com", type: "other" }] }],
    verify: (after) => {
      const values = emailsOf(after)
        .map((e) => String(attr(e, "value")).toLowerCase())
        .sort();
      const want = ["home@example.com", "other@example.com", "work@example.com"];
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
    setup: async (ctx) => ({ kind: "Users", created: await twoEmails(ctx) }),
    operations: () => [
      { op: "replace", path: 'emails[type eq "work"].value', value: "new-work@example.com" },
    ],
    verify: (after) => {
      const work = emailOfType(after, "work");
      const home = emailOfType(after, "home");
      return work.join() === "new-work@example.com" && home.join() === "home@example.com"
        ? []
        : [
            `work emails ${JSON.stringify(work)}, home emails ${JSON.stringify(home)}; expected ["new-work@example.com"] and ["home@example.com"]`,
          ];
    },
  }),
  patchCheck({
    id: "rfc7644.patch.remove-value-path",
    title: 'remove on emails[type eq "home"] removes only that email',
    rfc: "RFC 7644 §3.5.2.2",
    requires: ["attr:emails"],
    setup: async (ctx) => ({ kind: "Users", created: await twoEmails(ctx) }),
    operations: () => [{ op: "remove", path: 'emails[type eq "home"]' }],
    verify: (after) => {
      const values = emailsOf(after).map((e) => String(attr(e, "value")));
      return values.join() === "work@example.com"
        ? []
        : [`emails are ${JSON.stringify(values)}, expected ["work@example.com"]`];
    },
  }),
  patchCheck({
    id: "rfc7644.patch.no-path-replace",
    title: "replace without a path sets every attribute of the value object",
    rfc: "RFC 7644 §3.5.2.3",
    idpDependence: [ENTRA_PATCH],
    requires: ["attr:displayName", "attr:title"],
    setup: userSetup(),
    operations: () => [{ op: "replace", value: { displayName: "Pathless Name", title: "Pathless Title" } }],
    verify: (after) =>
      attr(after, "displayName") === "Pathless Name" && attr(after, "title") === "Pathless Title"
        ? []
        : [
            `displayName ${JSON.stringify(attr(after, "displayName"))}, title ${JSON.stringify(attr(after, "title"))}; expected "Pathless Name" and "Pathless Title"`,
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
