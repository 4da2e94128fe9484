/**
 * Broken servers for the constraint checks (constraint-checks.ts): each keeps one constraint IdPs trip
 * over, or breaks the RFC rule the check adds.
 */
import type { QuirkContext } from "../../../fakes/index.ts";
import { uniqueEmails } from "../../../fakes/quirks/unique-emails.ts";
import { uniqueGroupNames } from "../../../fakes/quirks/unique-group-names.ts";
import { usernameLowercased } from "../../../fakes/quirks/username-lowercased.ts";
import { ScimError } from "../../../harness/scim/scim-error.ts";
import { rewriteJson } from "../../test-support/broken-target.ts";
import type { CheckProof } from "../../test-support/broken-target.ts";

type Json = Record<string, unknown>;

const isUserCreate = (ctx: QuirkContext): boolean =>
  ctx.route.operation === "create" && ctx.route.resourceType === "User";

const projected = (ctx: QuirkContext): boolean =>
  (ctx.route.operation === "get" || ctx.route.operation === "list") &&
  ctx.request.url.searchParams.has("attributes");

export const CONSTRAINT_PROOFS: readonly CheckProof[] = [
  {
    check: "rfc7644.list.items-per-page-under-count",
    broken: "answers itemsPerPage equal to count",
    hooks: rewriteJson("list", (b, ctx) => {
      const count = ctx.request.url.searchParams.get("count");
      return count === null ? b : { ...b, itemsPerPage: Number(count) };
    }),
  },
  {
    check: "rfc7643.resource.schemas-in-projection",
    broken: "drops schemas from resources projected with attributes=",
    hooks: rewriteJson(projected, (b) => {
      if (Array.isArray(b["Resources"]))
        return { ...b, Resources: (b["Resources"] as Json[]).map(({ schemas: _s, ...r }) => r) };
      delete b["schemas"];
      return b;
    }),
  },
  {
    check: "idp.emails-shared",
    broken: "keeps emails unique (the unique-emails quirk of the fake)",
    quirks: [uniqueEmails],
  },
  {
    check: "idp.group-displayName-shared",
    broken: "keeps group displayNames unique (the unique-group-names quirk of the fake)",
    quirks: [uniqueGroupNames],
  },
  {
    check: "idp.userName-capitals-kept",
    broken: "lower-cases userName (the username-lowercased quirk of the fake)",
    quirks: [usernameLowercased],
  },
  {
    check: "idp.userName-capitals-kept",
    broken: "refuses a userName with capitals (400 invalidValue)",
    hooks: {
      transformBody(ctx, body) {
        if (isUserCreate(ctx) && /[A-Z]/.test(String((body as Json)["userName"])))
          throw new ScimError(400, "invalidValue", "userName must be lower-case");
        return body;
      },
    },
  },
];
