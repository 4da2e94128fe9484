/**
 * PATCH rules beyond single attributes: group membership as Entra sends it ([S1], B6, B7), remove without
 * a path (RFC 7644 §3.5.2.2), and atomicity (§3.5.2).
 */
import type { Finding } from "../../reports/index.ts";
import type { Exchange } from "../../harness/http/exchange.ts";
import {
  attr,
  bodyOf,
  createGroup,
  createUser,
  describe,
  memberIds,
  patch,
  readBack,
  statusOf,
  writableString,
} from "./check-helpers.ts";
import type { Created } from "./check-helpers.ts";
import { defineCheck } from "./contract-check.ts";
import type { CheckContext, ContractCheck } from "./contract-check.ts";
import { judgeError } from "./error-checks.ts";
import { patchCheck } from "./patch-checks.ts";

/** A group with two members, for the membership checks. */
async function groupOfTwo(ctx: CheckContext) {
  const a = await createUser(ctx, "member-a");
  const b = await createUser(ctx, "member-b");
  const created = await createGroup(ctx, "group", [a.id]);
  // A group name unique to this check: Entra needs group displayNames unique [S1], so a target may refuse a repeat.
  const renamed = ctx.uniqueName("group-renamed");
  return { kind: "Groups" as const, created, extra: { a: a.id, b: b.id, renamed } };
}

export const GROUP_PATCH_CHECKS: readonly ContractCheck[] = [
  patchCheck({
    id: "rfc7644.patch.group-add-member",
    title: "add members keeps the existing members",
    rfc: "RFC 7644 §3.5.2.1",
    idpDependence: [
      { idp: "Entra ID", evidence: ["[S1]", "[C4]", "B7"], why: "adds members one PATCH at a time" },
    ],
    requires: ["groups"],
    setup: groupOfTwo,
    operations: (s) => [{ op: "add", path: "members", value: [{ value: s.extra?.["b"] }] }],
    verify: (after, s) => {
      const want = [String(s.extra?.["a"]), String(s.extra?.["b"])].sort();
      return memberIds(after).join() === want.join()
        ? []
        : [`members are ${JSON.stringify(memberIds(after))}, expected ${JSON.stringify(want)}`];
    },
  }),
  patchCheck({
    id: "rfc7644.patch.group-remove-member",
    title: 'remove members[value eq "id"] removes only that member',
    rfc: "RFC 7644 §3.5.2.2",
    idpDependence: [
      {
        idp: "Entra ID",
        evidence: ["[S1]", "[S2]"],
        why: "removes members with a value filter (aadOptscim062020)",
      },
    ],
    requires: ["groups"],
    setup: async (ctx) => {
      const s = await groupOfTwo(ctx);
      const added = await patch(ctx, "Groups", s.created.id, [
        { op: "add", path: "members", value: [{ value: s.extra.b }] },
      ]);
      if ((statusOf(added) ?? 500) >= 300)
        return ctx.setupFailed(`could not add a second member: ${describe(added)}`, added);
      return s;
    },
    operations: (s) => [{ op: "remove", path: `members[value eq "${String(s.extra?.["a"])}"]` }],
    verify: (after, s) =>
      memberIds(after).join() === String(s.extra?.["b"])
        ? []
        : [`members are ${JSON.stringify(memberIds(after))}, expected only ${String(s.extra?.["b"])}`],
  }),
  patchCheck({
    id: "rfc7644.patch.group-rename-keeps-members",
    title: "Renaming a group leaves its members alone",
    rfc: "RFC 7644 §3.5.2.3",
    idpDependence: [
      { idp: "Entra ID", evidence: ["[S1]", "B6"], why: "renames groups with a displayName replace" },
    ],
    requires: ["groups"],
    setup: groupOfTwo,
    operations: (s) => [{ op: "replace", value: { displayName: s.extra?.["renamed"] } }],
    verify: (after, s) => {
      const problems: string[] = [];
      if (attr(after, "displayName") !== s.extra?.["renamed"])
        problems.push(`displayName is ${JSON.stringify(attr(after, "displayName"))}`);
      if (memberIds(after).join() !== String(s.extra?.["a"]))
        problems.push(
          `members are ${JSON.stringify(memberIds(after))} after the rename, expected [${String(s.extra?.["a"])}]`,
        );
      return problems;
    },
  }),
];

async function expect400(
  ctx: CheckContext,
  user: Created,
  exchange: Exchange,
  scimType: string,
  watched = "displayName",
): Promise<Finding[]> {
  const body = bodyOf(exchange);
  if (statusOf(exchange) !== 400 || (body?.["scimType"] !== undefined && body["scimType"] !== scimType)) {
    return [
      ctx.finding({
        message: `${describe(exchange)} with scimType ${JSON.stringify(body?.["scimType"])}, expected 400 ${scimType}`,
        expected: { status: 400, scimType },
        actual: body ?? statusOf(exchange) ?? null,
        exchanges: [exchange],
      }),
    ];
  }
  const after = await readBack(ctx, "Users", user.id);
  return attr(after, watched) === attr(user.body, watched)
    ? []
    : [
        ctx.finding({
          message: `the failed PATCH still changed ${watched} to ${JSON.stringify(attr(after, watched))}: a PATCH is atomic`,
          expected: attr(user.body, watched),
          actual: attr(after, watched) ?? null,
          exchanges: [exchange],
        }),
      ];
}

export const removeWithoutPath = defineCheck({
  id: "rfc7644.patch.remove-without-path-400",
  title: "remove without a path fails with 400 noTarget",
  rfc: "RFC 7644 §3.5.2.2",
  keyword: "MUST",
  requires: ["patch"],
  async run(ctx) {
    const user = await createUser(ctx, "nopath");
    return expect400(ctx, user, await patch(ctx, "Users", user.id, [{ op: "remove" }]), "noTarget");
  },
});

export const filteredReplaceNoMatch = defineCheck({
  id: "rfc7644.patch.filtered-replace-no-match-400",
  title: "replace on a value filter that matches none of the values present fails with 400 noTarget",
  rfc: "RFC 7644 §3.5.2.3, §3.12",
  keyword: "MUST",
  requires: ["patch", "attr:emails"],
  async run(ctx) {
    const user = await createUser(ctx, "filtered-replace");
    const emails = attr(user.body, "emails");
    const types = (Array.isArray(emails) ? emails : []).map((e) => String(attr(e, "type")));
    // Where the attribute has no value, §3.5.2.3 also lets the replace be treated as an add (an attribute
    // that does not exist), as Entra needs for a first work email ([C14], B10): only the case with values
    // present and none matching leaves noTarget as the one answer.
    if (types.length === 0)
      return ctx.notApplicable(
        "the target stored no emails on the created user, so a filtered replace meets an attribute without values (noTarget or an add, RFC 7644 §3.5.2.3)",
      );
    const type = ["home", "other", "scimh-type"].find((t) => !types.includes(t)) ?? "scimh-type";
    const value = `${ctx.uniqueName("no-match")}@example.com`;
    const path = `emails[type eq "${type}"].value`;
    const exchange = await patch(ctx, "Users", user.id, [{ op: "replace", path, value }]);
    const findings = judgeError(ctx, exchange, {
      input: `PATCH replace ${path} on a user whose emails are of type ${types.join(", ")}`,
      // §3.5.2.3: no record match "SHALL indicate failure by returning HTTP status code 400 and a "scimType"
      // error code of "noTarget""; a server that does not support value filters in a path names the filter
      // (§3.12 invalidFilter: the filter "is not supported"), as the PATCH oracle allows.
      errors: [{ status: 400, scimTypes: ["noTarget", "invalidFilter"], scimTypeRequired: true }],
    });
    if (statusOf(exchange) !== 400) return findings;
    const after = await readBack(ctx, "Users", user.id);
    const added = (Array.isArray(attr(after, "emails")) ? (attr(after, "emails") as unknown[]) : []).some(
      (e) => attr(e, "value") === value,
    );
    if (added)
      findings.push(
        ctx.finding({
          message: `the PATCH answered 400 but the user now has the email ${value}: a failed PATCH changes nothing (RFC 7644 §3.5.2)`,
          actual: attr(after, "emails") ?? null,
          exchanges: [exchange],
        }),
      );
    return findings;
  },
});

export const patchAtomic = defineCheck({
  id: "rfc7644.patch.atomic",
  title: "A PATCH with a failing operation changes nothing",
  rfc: "RFC 7644 §3.5.2",
  keyword: "MUST",
  requires: ["patch"],
  async run(ctx) {
    // An attribute the target declares writable (RFC 7643 §7), so only the second operation can fail.
    const name = writableString(ctx);
    const user = await createUser(ctx, "atomic", name === "displayName" ? {} : { [name]: "Before" });
    const exchange = await patch(ctx, "Users", user.id, [
      { op: "replace", path: name, value: "Must Not Stick" },
      { op: "remove" },
    ]);
    return expect400(ctx, user, exchange, "noTarget", name);
  },
});

/** The group and rule PATCH checks, in catalogue order. */
export const PATCH_RULE_CHECKS: readonly ContractCheck[] = [
  ...GROUP_PATCH_CHECKS,
  removeWithoutPath,
  filteredReplaceNoMatch,
  patchAtomic,
];
