/**
 * Broken servers for the schema-definition, resource-value, request-rule and query-feature checks
 * (schema-definition-checks.ts, resource-value-checks.ts, request-rule-checks.ts, query-feature-checks.ts): each breaks exactly the
 * statement its check covers. A check that covers several statements has one broken server per statement.
 */
import type { QuirkContext } from "../../../fakes/index.ts";
import {
  advertise,
  answer,
  combine,
  errorJson,
  json,
  rewriteJson,
  rewriteParam,
  rewriteResponse,
} from "../../test-support/broken-target.ts";
import type { CheckProof } from "../../test-support/broken-target.ts";

type Json = Record<string, unknown>;
const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const isUser = (ctx: QuirkContext) => ctx.route.resourceType === "User";
const userReads = (ctx: QuirkContext) =>
  isUser(ctx) && ["create", "get", "replace", "patch"].includes(ctx.route.operation);
const discovery = (endpoint: string) => (ctx: QuirkContext) =>
  ctx.route.operation === "discovery" && ctx.route.endpoint === endpoint;
const sentBody = (ctx: QuirkContext): Json => {
  const text = new TextDecoder().decode(ctx.request.body);
  return text === "" ? {} : (JSON.parse(text) as Json);
};
const operationsOf = (ctx: QuirkContext): Json[] => (sentBody(ctx)["Operations"] as Json[] | undefined) ?? [];

/** Rewrites one attribute definition of the User schema in /Schemas (and /Schemas/{id}). */
function userAttribute(name: string, fn: (definition: Json) => Json): ReturnType<typeof rewriteJson> {
  const rewrite = (schema: Json): Json =>
    schema["id"] !== USER_SCHEMA
      ? schema
      : {
          ...schema,
          attributes: (schema["attributes"] as Json[]).map((a) => (a["name"] === name ? fn(a) : a)),
        };
  return rewriteJson(discovery("Schemas"), (body) =>
    Array.isArray(body["Resources"])
      ? { ...body, Resources: (body["Resources"] as Json[]).map(rewrite) }
      : rewrite(body),
  );
}

/** Rewrites the User resource type's schemaExtensions in /ResourceTypes. */
function userExtensions(fn: (extension: Json) => Json): ReturnType<typeof rewriteJson> {
  const rewrite = (type: Json): Json =>
    type["name"] !== "User"
      ? type
      : { ...type, schemaExtensions: ((type["schemaExtensions"] as Json[] | undefined) ?? []).map(fn) };
  return rewriteJson(discovery("ResourceTypes"), (body) =>
    Array.isArray(body["Resources"])
      ? { ...body, Resources: (body["Resources"] as Json[]).map(rewrite) }
      : rewrite(body),
  );
}

/** Remembers the ids of users a matching request touched (state of one broken server). */
function touched(when: (ctx: QuirkContext) => boolean) {
  const ids = new Set<string>();
  return {
    ids,
    hook: {
      onRequest(ctx: QuirkContext) {
        if (when(ctx) && ctx.route.id !== undefined) ids.add(ctx.route.id);
        return undefined;
      },
    },
  };
}

const emailsOf = (body: Json): Json[] => (body["emails"] as Json[] | undefined) ?? [];

/**
 * Advertises sort and sorts list answers by `sortBy` (and POST /.search answers too when `search`),
 * case-sensitively (code points) or case-insensitively.
 */
export function sorting(options: { caseSensitive: boolean; search: boolean }): ReturnType<typeof combine> {
  const key = (r: Json, by: string) => {
    const v = String(r[by] ?? "");
    return options.caseSensitive ? v : v.toLowerCase();
  };
  return combine(advertise({ sort: true }), {
    onResponse(ctx, response) {
      const isSearch = ctx.route.operation === "search";
      if (ctx.route.operation !== "list" && !(isSearch && options.search)) return response;
      const params = isSearch ? sentBody(ctx) : Object.fromEntries(ctx.request.url.searchParams);
      const by = params["sortBy"];
      if (typeof by !== "string") return response;
      const sign = params["sortOrder"] === "descending" ? -1 : 1;
      const body = structuredClone(response.json) as { Resources?: Json[] };
      body.Resources?.sort((a, b) => sign * (key(a, by) < key(b, by) ? -1 : key(a, by) > key(b, by) ? 1 : 0));
      return { ...response, json: body };
    },
  });
}

/** Declares the User attribute nickName immutable in /Schemas. */
export const nickNameImmutable = userAttribute("nickName", (a) => ({ ...a, mutability: "immutable" }));

export const REQUIREMENT_2_PROOFS: readonly CheckProof[] = [
  {
    check: "rfc7643.schema.attribute-definitions",
    broken: 'names an attribute "nick name" in /Schemas',
    hooks: userAttribute("nickName", (a) => ({ ...a, name: "nick name" })),
  },
  {
    check: "rfc7643.schema.attribute-definitions",
    broken: "lists sub-attributes under the simple attribute nickName",
    hooks: userAttribute("nickName", (a) => ({
      ...a,
      subAttributes: [{ name: "value", type: "string", multiValued: false }],
    })),
  },
  {
    check: "rfc7643.schema.attribute-definitions",
    broken: "nests a complex sub-attribute inside name",
    hooks: userAttribute("name", (a) => ({
      ...a,
      subAttributes: [
        ...(a["subAttributes"] as Json[]),
        { name: "phonetic", type: "complex", multiValued: false, subAttributes: [] },
      ],
    })),
  },
  {
    check: "rfc7643.schema.complex-sub-attributes",
    broken: "declares name (complex) without subAttributes",
    hooks: userAttribute("name", ({ subAttributes: _s, ...rest }) => rest),
  },
  {
    check: "rfc7643.resource-type.schema-extensions",
    broken: "lists the User's schema extension without its schema URI",
    hooks: userExtensions(({ schema: _s, ...rest }) => rest),
  },
  {
    check: "rfc7643.resource-type.schema-extensions",
    broken: 'gives the enterprise extension "required" as the string "false"',
    hooks: userExtensions((e) => ({ ...e, required: "false" })),
  },
  {
    check: "rfc7643.resource.integer-values",
    broken: "writes filter.maxResults as 200.0",
    hooks: rewriteResponse(discovery("ServiceProviderConfig"), (response) => {
      const body = response.json as Json;
      const text = JSON.stringify({ ...body, filter: { ...(body["filter"] as Json), maxResults: 200 } });
      return { ...response, json: undefined, text: text.replace('"maxResults":200', '"maxResults":200.0') };
    }),
  },
  {
    check: "rfc7643.resource.required-extension",
    broken: "declares the enterprise extension required but creates users without it",
    hooks: userExtensions((e) => ({ ...e, required: true })),
  },
  {
    check: "rfc7644.discovery.filter-403",
    broken: "ignores a filter on /Schemas and /ResourceTypes (200, every resource)",
    hooks: rewriteParam(
      (ctx) => ctx.route.operation === "discovery",
      "filter",
      () => null,
    ),
  },
  {
    check: "rfc7643.resource.ids-unique",
    broken: "numbers users and groups from 1 each, so a group gets a user's id",
    hooks: () => {
      const next = new Map<string, number>();
      return rewriteJson("create", (body, ctx) => {
        const n = (next.get(ctx.route.resourceType ?? "") ?? 0) + 1;
        next.set(ctx.route.resourceType ?? "", n);
        return { ...body, id: String(n) };
      });
    },
  },
  {
    check: "rfc7643.resource.externalId-not-invented",
    broken: "answers users created without externalId with externalId set to their id",
    hooks: rewriteJson(userReads, (body) => ({ externalId: body["id"], ...body })),
  },
  {
    check: "rfc7643.resource.case-exact-preserved",
    broken: "lower-cases externalId",
    hooks: rewriteJson(userReads, (body) =>
      typeof body["externalId"] === "string"
        ? { ...body, externalId: body["externalId"].toLowerCase() }
        : body,
    ),
  },
  {
    check: "rfc7643.resource.schemas-order",
    broken: "refuses a user whose schemas list the extension first (400 invalidSyntax)",
    hooks: answer(
      (ctx) =>
        ctx.route.operation === "create" &&
        isUser(ctx) &&
        (sentBody(ctx)["schemas"] as string[] | undefined)?.[0] !== USER_SCHEMA,
      () => errorJson(400, "schemas must start with the core schema", "invalidSyntax"),
    ),
  },
  {
    check: "rfc7643.multi-valued.pair-not-repeated",
    broken: "returns emails sent with the same (type, value) twice as sent (the repeated-emails-kept quirk)",
    quirks: ["repeated-emails-kept"],
  },
  {
    check: "rfc7643.multi-valued.one-primary",
    broken: "reports every email of a user with several emails as primary",
    hooks: combine(
      {
        transformBody(ctx, body) {
          if (!isUser(ctx) || ctx.route.operation !== "create") return body;
          const b = body as Json;
          return { ...b, emails: emailsOf(b).map(({ primary: _p, ...e }) => e) };
        },
      },
      rewriteJson(userReads, (body) =>
        emailsOf(body).length > 1
          ? { ...body, emails: emailsOf(body).map((e) => ({ ...e, primary: true })) }
          : body,
      ),
    ),
  },
  {
    check: "rfc7644.patch.primary-exclusive",
    broken: "keeps the old email primary when a PATCH adds a new primary one",
    hooks: rewriteJson(userReads, (body) =>
      emailsOf(body).length > 1
        ? { ...body, emails: emailsOf(body).map((e) => ({ ...e, primary: true })) }
        : body,
    ),
  },
  {
    check: "rfc7643.user.x509-base64-der",
    broken: "returns x509Certificates values hex-encoded",
    hooks: rewriteJson(userReads, (body) =>
      Array.isArray(body["x509Certificates"])
        ? {
            ...body,
            x509Certificates: (body["x509Certificates"] as Json[]).map((c) => ({
              ...c,
              value: Buffer.from(String(c["value"]), "base64").toString("hex"),
            })),
          }
        : body,
    ),
  },
  {
    check: "rfc7643.reference.resolves",
    broken: "sends meta.location with spaces instead of a URI",
    hooks: rewriteJson(userReads, (body) => ({
      ...body,
      meta: { ...(body["meta"] as Json), location: `the user ${String(body["id"])}` },
    })),
  },
  {
    check: "rfc7643.reference.resolves",
    broken: "points members $ref at a path that answers 404",
    hooks: rewriteJson(
      (ctx) => ctx.route.resourceType === "Group",
      (body) => ({
        ...body,
        members: ((body["members"] as Json[] | undefined) ?? []).map((m) => ({
          ...m,
          $ref: String(m["$ref"]).replace("/Users/", "/People/"),
        })),
      }),
    ),
  },
  {
    check: "rfc7643.user.groups-membership",
    broken: "leaves User.groups empty",
    hooks: rewriteJson(userReads, (body) => ({ ...body, groups: [] })),
  },
  {
    check: "rfc7643.user.groups-read-only",
    broken: "applies a PATCH of User.groups to the group's members",
    hooks: (fake) => ({
      async onRequest(ctx) {
        if (!isUser(ctx) || ctx.route.operation !== "patch") return undefined;
        const op = operationsOf(ctx).find((o) => o["path"] === "groups");
        if (op === undefined) return undefined;
        for (const g of op["value"] as Json[]) {
          const url = new URL(`${fake.baseUrlFor(ctx.request.url.origin)}/Groups/${String(g["value"])}`);
          const body = {
            schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            Operations: [{ op: "add", path: "members", value: [{ value: ctx.route.id }] }],
          };
          await fake.handle({ ...ctx.request, url, body: new TextEncoder().encode(JSON.stringify(body)) });
        }
        return json(204, undefined);
      },
    }),
  },
  {
    check: "rfc7644.http.www-authenticate",
    broken: "answers 401 without WWW-Authenticate",
    hooks: rewriteResponse(
      () => true,
      (response) => {
        const { "www-authenticate": _w, ...headers } = response.headers;
        return { ...response, headers };
      },
    ),
  },
  {
    check: "rfc7644.http.utf-8-default",
    broken: "reads request bodies without a charset as Latin-1",
    hooks: {
      onRequest(ctx) {
        const type = ctx.request.headers["content-type"] ?? "";
        if (ctx.request.body.length > 0 && !/charset/i.test(type))
          ctx.request.body = new TextEncoder().encode(Buffer.from(ctx.request.body).toString("latin1"));
        return undefined;
      },
    },
  },
  {
    check: "rfc7644.attributes.exclude-keeps-always",
    broken: "removes id when excludedAttributes names it",
    hooks: rewriteJson(
      (ctx) =>
        ctx.route.operation === "get" &&
        /(^|,)id(,|$)/.test(ctx.request.url.searchParams.get("excludedAttributes") ?? ""),
      ({ id: _id, ...rest }) => rest,
    ),
  },
  {
    check: "rfc7644.search.post-query",
    broken: "drops id from POST /.search results when excludedAttributes names it",
    hooks: rewriteJson("search", (body) => ({
      ...body,
      Resources: ((body["Resources"] as Json[] | undefined) ?? []).map(({ id: _id, ...r }) => r),
    })),
  },
  {
    check: "rfc7644.patch.attributes-200",
    broken: "answers a PATCH with attributes= with 204",
    hooks: rewriteResponse(
      (ctx) => ctx.route.operation === "patch" && ctx.request.url.searchParams.has("attributes"),
      (response) => ({ status: 204, headers: { ...response.headers } }),
    ),
  },
  {
    check: "rfc7644.put.read-only-ignored",
    broken: "takes meta.created from a PUT body",
    hooks: () => {
      const created = new Map<string, unknown>();
      return rewriteJson(userReads, (body, ctx) => {
        if (ctx.route.operation === "replace")
          created.set(String(body["id"]), (sentBody(ctx)["meta"] as Json | undefined)?.["created"]);
        const taken = created.get(String(body["id"]));
        return taken === undefined ? body : { ...body, meta: { ...(body["meta"] as Json), created: taken } };
      });
    },
  },
  {
    check: "rfc7644.patch.remove-required-refused",
    broken: "answers 200 to a PATCH removing userName",
    hooks: answer(
      (ctx) =>
        ctx.route.operation === "patch" &&
        operationsOf(ctx).some((o) => String(o["op"]).toLowerCase() === "remove" && o["path"] === "userName"),
      () => json(200, { schemas: [USER_SCHEMA] }),
    ),
  },
  {
    check: "rfc7644.patch.add-existing-no-change",
    broken: "appends a duplicate when a PATCH adds an email the user has",
    hooks: () => {
      const t = touched(
        (ctx) => ctx.route.operation === "patch" && operationsOf(ctx).some((o) => o["path"] === "emails"),
      );
      return combine(
        t.hook,
        rewriteJson(
          (ctx) => userReads(ctx) && t.ids.has(ctx.route.id ?? ""),
          (body) => ({ ...body, emails: [...emailsOf(body), ...emailsOf(body).slice(0, 1)] }),
        ),
      );
    },
  },
  {
    check: "rfc7644.patch.add-existing-keeps-modified",
    broken: "stamps meta.lastModified on every PATCH, even one that changes nothing",
    hooks: () => {
      const stamps = new Map<string, string>();
      return rewriteJson(userReads, (body, ctx) => {
        const id = String(body["id"]);
        if (ctx.route.operation === "patch") stamps.set(id, new Date().toISOString());
        const stamp = stamps.get(id);
        return stamp === undefined
          ? body
          : { ...body, meta: { ...(body["meta"] as Json), lastModified: stamp } };
      });
    },
  },
  {
    check: "rfc7644.patch.schemas-change-seen",
    broken: 'accepts a PATCH of "schemas" but judges later operations by the schemas the user had before',
    hooks: combine(
      {
        transformPatchOperations: (_ctx, operations) =>
          operations.filter((o) => String(o["path"]).toLowerCase() !== "schemas"),
      },
      answer(
        (ctx) =>
          isUser(ctx) &&
          ctx.route.operation === "patch" &&
          operationsOf(ctx).some((o) => o["path"] === "schemas") &&
          operationsOf(ctx).some((o) => String(o["path"]).startsWith(ENTERPRISE_SCHEMA)),
        () => errorJson(400, "the user has no enterprise extension", "invalidPath"),
      ),
    ),
  },
  {
    check: "rfc7644.filter.ordering-on-boolean-400",
    broken: "answers gt/ge/lt/le on a boolean with 200 and no results",
    hooks: answer(
      (ctx) =>
        ctx.route.operation === "list" &&
        /active (gt|ge|lt|le) /i.test(ctx.request.url.searchParams.get("filter") ?? ""),
      () =>
        json(200, {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
          totalResults: 0,
          Resources: [],
        }),
    ),
  },
  {
    check: "rfc7644.filter.ordering-on-boolean-400",
    broken: "declines gt/ge/lt/le on a boolean with 400 invalidFilter whose status is the number 400",
    hooks: answer(
      (ctx) =>
        ctx.route.operation === "list" &&
        /active (gt|ge|lt|le) /i.test(ctx.request.url.searchParams.get("filter") ?? ""),
      () =>
        json(400, {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
          status: 400,
          scimType: "invalidFilter",
          detail: "ordering on a boolean",
        }),
    ),
  },
  {
    check: "rfc7644.filter.unknown-operator-400",
    broken: "declines an unknown operator with 400 but no scimType",
    hooks: answer(
      (ctx) =>
        ctx.route.operation === "list" && / scimhop /i.test(ctx.request.url.searchParams.get("filter") ?? ""),
      () => errorJson(400, "unknown operator"),
    ),
  },
  {
    check: "rfc7644.filter.unknown-operator-400",
    broken: "answers a filter with an unknown operator with 200 and no results",
    hooks: answer(
      (ctx) =>
        ctx.route.operation === "list" && / scimhop /i.test(ctx.request.url.searchParams.get("filter") ?? ""),
      () =>
        json(200, {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
          totalResults: 0,
          Resources: [],
        }),
    ),
  },
  {
    check: "rfc7644.me.not-supported-501",
    broken: "answers GET /Me with 400 invalidSyntax (as SCIMMY 1.3.5 does)",
    hooks: answer("me", () =>
      errorJson(400, "Expected 'id' parameter to be a non-empty string", "invalidSyntax"),
    ),
  },
  {
    check: "rfc7644.me.location",
    broken: "serves GET /Me with the resource but no Location header",
    hooks: answer("me", () => json(200, { schemas: [USER_SCHEMA], id: "me-1", userName: "me@example.com" })),
  },
  {
    check: "rfc7643.resource.immutable-kept",
    broken: "declares nickName immutable but lets PUT and PATCH change it",
    hooks: nickNameImmutable,
  },
  {
    check: "rfc7643.resource.strong-etag-stable",
    broken: "sends strong ETags and a body that changes on every read",
    hooks: () => {
      let reads = 0;
      return rewriteResponse(
        (ctx) => isUser(ctx) && ctx.route.operation === "get",
        (response) => ({
          ...response,
          headers: { ...response.headers, etag: String(response.headers["etag"]).replace(/^W\//, "") },
          json: { ...(response.json as Json), nickName: `read ${++reads}` },
        }),
      );
    },
  },
  {
    check: "rfc7644.search.root-query",
    broken: "answers a root query with the matching users only",
    hooks: rewriteJson(
      (ctx) => ctx.route.operation === "search" && ctx.route.resourceType === undefined,
      (body) => ({
        ...body,
        Resources: ((body["Resources"] as Json[] | undefined) ?? []).filter((r) =>
          (r["schemas"] as string[]).includes(USER_SCHEMA),
        ),
      }),
    ),
  },
  {
    check: "rfc7644.sort.case-insensitive",
    broken: "advertises sort and sorts userName case-sensitively",
    hooks: sorting({ caseSensitive: true, search: true }),
  },
  {
    check: "rfc7644.search.sort-by",
    broken: "advertises sort but ignores sortBy in POST /.search",
    hooks: sorting({ caseSensitive: false, search: false }),
  },
];
