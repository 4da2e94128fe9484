/**
 * What the values of a resource must look like (RFC 7643 §2–§4): unique ids, no invented externalId,
 * caseExact values kept, at most one primary value, the order of "schemas" without effect, binary values
 * in base64, references that resolve, and User.groups that follow group membership and only it. Each check
 * accepts every answer the RFC allows and names the statement it covers in its `rfc`.
 */
import { X509Certificate } from "node:crypto";
import type { Exchange } from "../../harness/http/exchange.ts";
import { resolveAttribute } from "../../harness/scim/schema-types.ts";
import { SCHEMA_ENTERPRISE_USER, SCHEMA_USER } from "../../harness/scim/schemas.ts";
import {
  attr,
  bodyOf,
  createGroup,
  createUser,
  describe,
  getResource,
  memberIds,
  patch,
  readBack,
  send,
  statusOf,
  userBody,
} from "./check-helpers.ts";
import { defineCheck } from "./contract-check.ts";
import type { CheckContext, Problem } from "./contract-check.ts";

type Json = Record<string, unknown>;
const listOf = (v: unknown): Json[] =>
  Array.isArray(v) ? v.filter((x): x is Json => typeof x === "object" && x !== null) : [];

export const idsUnique = defineCheck({
  id: "rfc7643.resource.ids-unique",
  title: "Every resource the target creates gets an id no other resource has",
  rfc: "RFC 7643 §3.1",
  keyword: "MUST",
  async run(ctx) {
    const created = [
      ...(await Promise.all(["a", "b", "c"].map((l) => createUser(ctx, `ids-${l}`)))).map((u) => ({
        kind: "Users",
        ...u,
      })),
      ...(ctx.discovery.hasGroups
        ? (await Promise.all(["a", "b"].map((l) => createGroup(ctx, `ids-${l}`)))).map((g) => ({
            kind: "Groups",
            ...g,
          }))
        : []),
    ];
    const seen = new Map<string, string>();
    const problems: Problem[] = [];
    for (const r of created) {
      const other = seen.get(r.id);
      if (other !== undefined)
        problems.push({
          message: `${r.kind}/${r.id} has the id of ${other}: ids are unique across all resources`,
          exchanges: [r.exchange],
        });
      seen.set(r.id, `${r.kind}/${r.id}`);
    }
    return problems.map((p) => ctx.finding(p));
  },
});

export const externalIdNotInvented = defineCheck({
  id: "rfc7643.resource.externalId-not-invented",
  title: "A user created without externalId has none",
  rfc: "RFC 7643 §3.1",
  keyword: "MUST",
  async run(ctx) {
    const user = await createUser(ctx, "no-external-id");
    const read = await readBack(ctx, "Users", user.id);
    const invented = [
      ["the 201 body", attr(user.body, "externalId")],
      ["GET by id", attr(read, "externalId")],
    ].filter(([, v]) => v !== undefined && v !== null);
    return invented.length === 0
      ? []
      : [
          ctx.finding({
            message: `the client sent no externalId, yet ${invented.map(([w, v]) => `${String(w)} has ${JSON.stringify(v)}`).join(" and ")}: only the provisioning client sets externalId`,
            exchanges: [user.exchange],
          }),
        ];
  },
});

export const caseExactPreserved = defineCheck({
  id: "rfc7643.resource.case-exact-preserved",
  title: "A caseExact value (externalId) keeps the case the client sent",
  rfc: "RFC 7643 §7, §3.1",
  keyword: "MUST",
  async run(ctx) {
    const definition = resolveAttribute(ctx.discovery.userType, { name: "externalId" })?.attribute;
    if (definition?.caseExact !== true || definition.mutability === "readOnly")
      return ctx.notApplicable("the target declares externalId case-insensitive or readOnly");
    const sent = `${ctx.uniqueId("case")}-MiXeD-CaSe`;
    const user = await createUser(ctx, "case-exact", { externalId: sent });
    const read = await getResource(ctx, "Users", user.id);
    const values = [
      ["the 201 body", attr(user.body, "externalId"), user.exchange],
      ["GET by id", attr(bodyOf(read), "externalId"), read],
    ] as const;
    if (values.every(([, v]) => v === undefined))
      return ctx.notApplicable("the target keeps no externalId (an OPTIONAL attribute): nothing to compare");
    return values
      .filter(([, v]) => v !== undefined && v !== sent)
      .map(([where, v, exchange]) =>
        ctx.finding({
          message: `${where}: externalId ${JSON.stringify(v)} instead of ${JSON.stringify(sent)}; a caseExact value keeps its case`,
          expected: sent,
          actual: v,
          exchanges: [exchange],
        }),
      );
  },
});

export const schemasOrderIgnored = defineCheck({
  id: "rfc7643.resource.schemas-order",
  title: 'The order of the URIs in a request\'s "schemas" has no effect',
  rfc: "RFC 7643 §3",
  keyword: "MUST",
  requires: ["enterpriseUser", "attr:employeeNumber"],
  async run(ctx) {
    const results = [];
    for (const [label, schemas] of [
      ["order-core-first", [SCHEMA_USER, SCHEMA_ENTERPRISE_USER]],
      ["order-extension-first", [SCHEMA_ENTERPRISE_USER, SCHEMA_USER]],
    ] as const) {
      const number = ctx.uniqueName(label);
      const exchange = await send(ctx, {
        method: "POST",
        path: "/Users",
        body: { ...userBody(ctx, label), schemas, [SCHEMA_ENTERPRISE_USER]: { employeeNumber: number } },
      });
      const id = attr(bodyOf(exchange), "id");
      if (typeof id === "string" && id !== "") ctx.cleanup.track("Users", id);
      const read = typeof id === "string" && id !== "" ? await getResource(ctx, "Users", id) : undefined;
      const kept = attr(attr(bodyOf(read), SCHEMA_ENTERPRISE_USER), "employeeNumber") === number;
      results.push({ exchange, ok: statusOf(exchange) === 201 && kept, read });
    }
    const [coreFirst, extensionFirst] = results;
    if (!coreFirst!.ok)
      return ctx.setupFailed(
        `a user with the enterprise extension (core schema first) was not created and read back with its employeeNumber: ${describe(coreFirst!.exchange)}`,
        coreFirst!.exchange,
      );
    return extensionFirst!.ok
      ? []
      : [
          ctx.finding({
            message: `the same user with "schemas" listing the extension first: ${describe(extensionFirst!.exchange)}${statusOf(extensionFirst!.exchange) === 201 ? ", and employeeNumber was not kept" : ""}; with the core schema first it was created and kept`,
            exchanges: [extensionFirst!.exchange, extensionFirst!.read],
          }),
        ];
  },
});

const primaries = (user: Json | undefined): number =>
  listOf(attr(user, "emails")).filter((e) => attr(e, "primary") === true).length;

/**
 * POST /Users with these emails; the user as the 201 body and as GET by id show it, or none when the target
 * refused the create with 400 (it stores nothing, an answer the RFC allows). Other answers fail the setup.
 */
async function createdWithEmails(
  ctx: CheckContext,
  label: string,
  emails: Json[],
): Promise<{ where: string; body: Json | undefined; exchange: Exchange }[]> {
  const exchange = await send(ctx, {
    method: "POST",
    path: "/Users",
    body: userBody(ctx, label, { emails }),
  });
  const id = attr(bodyOf(exchange), "id");
  if (typeof id === "string" && id !== "") ctx.cleanup.track("Users", id);
  if (statusOf(exchange) === 400) return [];
  if (statusOf(exchange) !== 201 || typeof id !== "string")
    return ctx.setupFailed(`POST /Users answered neither 201 nor 400: ${describe(exchange)}`, exchange);
  const read = await getResource(ctx, "Users", id);
  return [
    { where: "the 201 body", body: bodyOf(exchange), exchange },
    { where: "GET by id", body: bodyOf(read), exchange: read },
  ];
}

export const onePrimary = defineCheck({
  id: "rfc7643.multi-valued.one-primary",
  title: "A multi-valued attribute has at most one value with primary true (two sent: refused or one kept)",
  rfc: "RFC 7643 §2.4",
  keyword: "MUST",
  requires: ["attr:emails"],
  async run(ctx) {
    const name = ctx.uniqueName("primary");
    const views = await createdWithEmails(ctx, "primary", [
      { value: `${name}-1@example.com`, type: "work", primary: true },
      { value: `${name}-2@example.com`, type: "home", primary: true },
    ]);
    return views
      .filter(({ body }) => primaries(body) > 1)
      .map(({ where, body, exchange }) =>
        ctx.finding({
          message: `${where}: ${primaries(body)} emails have primary true; the target must refuse two primaries or keep one`,
          actual: attr(body, "emails"),
          exchanges: [exchange],
        }),
      );
  },
});

/** (type, value) pairs of a user's emails that appear more than once, as `type/value`. */
function repeatedPairs(user: Json | undefined): string[] {
  const seen = new Map<string, number>();
  for (const e of listOf(attr(user, "emails"))) {
    const pair = `${String(attr(e, "type") ?? "")}/${String(attr(e, "value")).toLowerCase()}`;
    seen.set(pair, (seen.get(pair) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([pair]) => pair);
}

export const pairNotRepeated = defineCheck({
  id: "rfc7643.multi-valued.pair-not-repeated",
  title:
    "A multi-valued attribute does not return the same (type, value) twice (sent twice: refused or returned once)",
  rfc: "RFC 7643 §2.4",
  keyword: "SHOULD",
  requires: ["attr:emails"],
  async run(ctx) {
    const value = `${ctx.uniqueName("pair")}@example.com`;
    const views = await createdWithEmails(ctx, "pair", [
      { value, type: "work", primary: true },
      { value, type: "work" },
    ]);
    // RFC 7643 §2.4: the SP "SHOULD NOT return the same (type, value) combination more than once per
    // attribute" (the same value with another type MAY be returned).
    return views
      .filter(({ body }) => repeatedPairs(body).length > 0)
      .map(({ where, body, exchange }) =>
        ctx.finding({
          message: `${where} returns the email (type, value) ${repeatedPairs(body).join(", ")} more than once, as the create sent it`,
          actual: attr(body, "emails"),
          exchanges: [exchange],
        }),
      );
  },
});

export const patchPrimaryExclusive = defineCheck({
  id: "rfc7644.patch.primary-exclusive",
  title: "A PATCH that sets primary true on one value sets it false on the others",
  rfc: "RFC 7644 §3.5.2; RFC 7643 §2.4",
  keyword: "MUST",
  requires: ["attr:emails", "patch"],
  async run(ctx) {
    const user = await createUser(ctx, "primary-patch");
    if (primaries(user.body) !== 1)
      return ctx.setupFailed("the user created with one primary email does not show it", user.exchange);
    const added = `${ctx.uniqueName("primary-new")}@example.com`;
    const exchange = await patch(ctx, "Users", user.id, [
      { op: "add", path: "emails", value: [{ value: added, type: "home", primary: true }] },
    ]);
    if ((statusOf(exchange) ?? 500) >= 300)
      return ctx.setupFailed(`adding an email failed: ${describe(exchange)}`, exchange);
    const after = await readBack(ctx, "Users", user.id);
    const emails = listOf(attr(after, "emails"));
    const primary = emails.filter((e) => attr(e, "primary") === true).map((e) => String(attr(e, "value")));
    return primary.length === 1 && primary[0]!.toLowerCase() === added.toLowerCase()
      ? []
      : [
          ctx.finding({
            message: `after a PATCH adding ${added} with primary true, the primary emails are ${JSON.stringify(primary)}; the others must become primary false`,
            expected: [added],
            actual: emails,
            exchanges: [exchange],
          }),
        ];
  },
});

/** A self-signed X.509 certificate (DER, base64) made for scim-harness. */
const CERTIFICATE =
  "MIIBjTCCATOgAwIBAgIUCsZugXXG3rIZsVHYRZ/6bOt1rSUwCgYIKoZIzj0EAwIwHDEaMBgGA1UEAwwRc2NpbS1oYXJuZXNzIHRlc3QwHhcNMjYxMjAzMDgxMjUzWhcNMzYxMTMwMDgxMjUzWjAcMRowGAYDVQQDDBFzY2ltLWhhcm5lc3MgdGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABAqZo62HNeKT+XSsFAgssxwzSkdbDHtRVpw5CvwjatQP525bGCs2zfBuP4ZCHXWSqcwXn5g/ntKmai2u2Dt0QlGjUzBRMB0GA1UdDgQWBBQyGiHrbobRKu33uwR9P1S/USuenjAfBgNVHSMEGDAWgBQyGiHrbobRKu33uwR9P1S/USuenjAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQCy4xmKg1PLGWjfK+PFi9SlUabKqWphw/oHlEihgql2egIgJG7CViEp8JRlWIZ3rMtkOH8qZoeHRxsIOK5k3n5wyWw=";
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Why a returned certificate value is not base64 DER of the certificate sent, or undefined. */
function certificateProblem(value: unknown): string | undefined {
  if (typeof value !== "string" || !BASE64.test(value)) return "not base64 (RFC 4648 §4)";
  try {
    const sent = new X509Certificate(Buffer.from(CERTIFICATE, "base64"));
    const got = new X509Certificate(Buffer.from(value, "base64"));
    return got.fingerprint256 === sent.fingerprint256 ? undefined : "a different certificate";
  } catch {
    return "base64, but not a DER certificate";
  }
}

export const certificateBase64 = defineCheck({
  id: "rfc7643.user.x509-base64-der",
  title: "x509Certificates values (binary) come back as base64 DER of the certificate sent",
  rfc: "RFC 7643 §2.3.6, §4.1.2",
  keyword: "MUST",
  requires: ["attr:x509Certificates"],
  async run(ctx) {
    const user = await createUser(ctx, "x509", { x509Certificates: [{ value: CERTIFICATE }] });
    const read = await getResource(ctx, "Users", user.id);
    const seen = [
      ["the 201 body", user.body, user.exchange],
      ["GET by id", bodyOf(read), read],
    ] as const;
    const values = seen.flatMap(([where, body, e]) =>
      listOf(attr(body, "x509Certificates")).map((c) => ({ where, value: attr(c, "value"), e })),
    );
    if (values.length === 0)
      return ctx.notApplicable("the target returns no x509Certificates for a user created with one");
    return values.flatMap(({ where, value, e }) => {
      const problem = certificateProblem(value);
      return problem === undefined
        ? []
        : [
            ctx.finding({
              message: `${where}: the x509Certificates value is ${problem}`,
              expected: CERTIFICATE,
              actual: value,
              exchanges: [e],
            }),
          ];
    });
  },
});

/** RFC 3986 URI-reference characters, percent-encodings well formed. */
const URI_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$/;

/** One reference the target returned, and the id of the resource it must lead to. */
interface Reference {
  where: string;
  uri: unknown;
  id: string;
  exchange: Exchange;
}

/** Follows one reference under the target's base URL; a problem, or undefined when it resolves. */
async function resolveReference(
  ctx: CheckContext,
  ref: Reference,
  skipped: string[],
): Promise<Problem | undefined> {
  const { uri, where } = ref;
  if (typeof uri !== "string" || !URI_CHARS.test(uri))
    return { message: `${where}: ${JSON.stringify(uri)} is not a URI`, exchanges: [ref.exchange] };
  // Relative references resolve against the base up to the endpoint (RFC 7643 §2.3.7).
  const base = ctx.target.baseUrl.replace(/\/+$/, "");
  let absolute: string;
  try {
    absolute = new URL(uri, `${base}/`).href;
  } catch {
    return { message: `${where}: ${JSON.stringify(uri)} is not a URI`, exchanges: [ref.exchange] };
  }
  if (!absolute.toLowerCase().startsWith(`${base.toLowerCase()}/`)) {
    // The run's credential is never sent anywhere but the target.
    skipped.push(`${where} ${uri}`);
    return undefined;
  }
  const get = await send(ctx, { method: "GET", path: absolute.slice(base.length) });
  const status = statusOf(get) ?? 0;
  if (status >= 300 && status < 400 && get.response?.headers["location"] !== undefined) return undefined;
  return status === 200 && attr(bodyOf(get), "id") === ref.id
    ? undefined
    : {
        message: `${where}: GET ${uri} → ${describe(get)}, not the resource ${ref.id}`,
        exchanges: [get, ref.exchange],
      };
}

export const referencesResolve = defineCheck({
  id: "rfc7643.reference.resolves",
  title:
    "Reference values (meta.location, members $ref, groups $ref) are URIs a GET resolves to the resource",
  rfc: "RFC 7643 §2.3.7",
  keyword: "MUST",
  async run(ctx) {
    const user = await createUser(ctx, "ref-user");
    const refs: Reference[] = [
      {
        where: "User meta.location",
        uri: attr(attr(user.body, "meta"), "location"),
        id: user.id,
        exchange: user.exchange,
      },
    ];
    if (ctx.discovery.hasGroups) {
      const group = await createGroup(ctx, "ref-group", [user.id]);
      refs.push({
        where: "Group meta.location",
        uri: attr(attr(group.body, "meta"), "location"),
        id: group.id,
        exchange: group.exchange,
      });
      for (const m of listOf(attr(group.body, "members")))
        refs.push({
          where: "Group members.$ref",
          uri: attr(m, "$ref"),
          id: String(attr(m, "value")),
          exchange: group.exchange,
        });
      const read = await getResource(ctx, "Users", user.id);
      for (const g of listOf(attr(bodyOf(read), "groups")))
        refs.push({
          where: "User groups.$ref",
          uri: attr(g, "$ref"),
          id: String(attr(g, "value")),
          exchange: read,
        });
    }
    const present = refs.filter((r) => r.uri !== undefined && r.uri !== null);
    if (present.length === 0)
      return ctx.notApplicable(
        "the target returns no meta.location and no $ref to follow (all are optional)",
      );
    const skipped: string[] = [];
    const problems: Problem[] = [];
    for (const ref of present) {
      const problem = await resolveReference(ctx, ref, skipped);
      if (problem !== undefined) problems.push(problem);
    }
    if (problems.length === 0 && skipped.length === present.length)
      return ctx.notApplicable(
        `every reference points outside the target's base URL (${skipped.join(", ")}): the run's credential is not sent there`,
      );
    return problems.map((p) => ctx.finding(p));
  },
});

export const userGroupsFollowMembership = defineCheck({
  id: "rfc7643.user.groups-membership",
  title: "User.groups lists the groups the user is a member of, by Group id (and $ref to the group)",
  rfc: "RFC 7643 §4.1.2",
  keyword: "MUST",
  requires: ["groups", "attr:groups"],
  async run(ctx) {
    const user = await createUser(ctx, "groups-member");
    const group = await createGroup(ctx, "groups-of", [user.id]);
    if (!memberIds(await readBack(ctx, "Groups", group.id)).includes(user.id))
      return ctx.setupFailed("the group was created without its member", group.exchange);
    const read = await getResource(ctx, "Users", user.id);
    const body = bodyOf(read);
    if (statusOf(read) !== 200 || body === undefined)
      return ctx.setupFailed(`could not read the user back: ${describe(read)}`, read);
    const entries = listOf(attr(body, "groups"));
    const entry = entries.find((g) => attr(g, "value") === group.id);
    if (entry === undefined)
      return [
        ctx.finding({
          message: `the user is a member of group ${group.id}, yet its groups are ${JSON.stringify(entries)}`,
          expected: group.id,
          actual: attr(body, "groups") ?? null,
          exchanges: [group.exchange, read],
        }),
      ];
    const ref = attr(entry, "$ref");
    return ref === undefined ||
      ref === null ||
      String(ref).replace(/\/+$/, "").endsWith(`/Groups/${group.id}`)
      ? []
      : [
          ctx.finding({
            message: `groups.$ref ${JSON.stringify(ref)} is not the URI of group ${group.id}`,
            actual: entry,
            exchanges: [read],
          }),
        ];
  },
});

export const userGroupsReadOnly = defineCheck({
  id: "rfc7643.user.groups-read-only",
  title: "A PATCH of User.groups changes no membership (membership changes go through the Group)",
  rfc: "RFC 7643 §4.1.2",
  keyword: "MUST",
  requires: ["groups", "attr:groups", "patch"],
  async run(ctx) {
    const user = await createUser(ctx, "groups-ro");
    const group = await createGroup(ctx, "groups-ro");
    const exchange = await patch(ctx, "Users", user.id, [
      { op: "add", path: "groups", value: [{ value: group.id }] },
    ]);
    const after = await readBack(ctx, "Groups", group.id);
    const userAfter = await readBack(ctx, "Users", user.id);
    const viaGroup = memberIds(after).includes(user.id);
    const viaUser = listOf(attr(userAfter, "groups")).some((g) => attr(g, "value") === group.id);
    // Refusing the PATCH (400 mutability) and ignoring the readOnly value are both allowed.
    return viaGroup || viaUser
      ? [
          ctx.finding({
            message: `PATCH /Users add groups ${group.id} (${describe(exchange)}) made the user a member (${viaGroup ? "the group lists it" : "the user's groups list it"}); User.groups is readOnly`,
            exchanges: [exchange],
          }),
        ]
      : [];
  },
});

/** A single-valued immutable string attribute of the User type: its name, and the extension URN if any. */
function immutableAttribute(ctx: CheckContext): { name: string; urn?: string } | undefined {
  const type = ctx.discovery.userType;
  for (const schema of [type.core, ...type.extensions.map((e) => e.schema)]) {
    const found = schema.attributes.find(
      (a) => a.mutability === "immutable" && a.type === "string" && !a.multiValued,
    );
    if (found !== undefined) return { name: found.name, ...(schema === type.core ? {} : { urn: schema.id }) };
  }
  return undefined;
}

export const immutableKept = defineCheck({
  id: "rfc7643.resource.immutable-kept",
  title: "An immutable attribute keeps its value through a PUT and a PATCH that send another",
  rfc: "RFC 7643 §7; RFC 7644 §3.5.1",
  keyword: "MUST",
  async run(ctx) {
    const target = immutableAttribute(ctx);
    if (target === undefined)
      return ctx.notApplicable("the User type declares no single-valued immutable string attribute");
    const set = (value: string): Json =>
      target.urn === undefined ? { [target.name]: value } : { [target.urn]: { [target.name]: value } };
    const read = (body: Json | undefined): unknown =>
      target.urn === undefined ? attr(body, target.name) : attr(attr(body, target.urn), target.name);
    const first = ctx.uniqueName("immutable-1");
    const user = await createUser(ctx, "immutable", set(first));
    if (read(user.body) !== first && read(await readBack(ctx, "Users", user.id)) !== first)
      return ctx.notApplicable(`the target does not return the ${target.name} it was created with`);
    const second = ctx.uniqueName("immutable-2");
    const path = target.urn === undefined ? target.name : `${target.urn}:${target.name}`;
    const put = await send(ctx, {
      method: "PUT",
      path: `/Users/${encodeURIComponent(user.id)}`,
      body: { ...userBody(ctx, "immutable"), userName: user.body["userName"], ...set(second) },
    });
    const afterPut = read(await readBack(ctx, "Users", user.id));
    const patched = await patch(ctx, "Users", user.id, [{ op: "replace", path, value: second }]);
    const afterPatch = read(await readBack(ctx, "Users", user.id));
    return [
      ["PUT", put, afterPut],
      ["PATCH", patched, afterPatch],
    ]
      .filter(([, , value]) => value !== first)
      .map(([how, exchange, value]) =>
        ctx.finding({
          message: `a ${String(how)} sending ${path} = ${JSON.stringify(second)} (${describe(exchange as Exchange)}) left it ${JSON.stringify(value)}; an immutable value set at creation is not updated (400 mutability is the answer to give)`,
          expected: first,
          actual: value,
          exchanges: [exchange as Exchange],
        }),
      );
  },
});

export const strongEtagStable = defineCheck({
  id: "rfc7643.resource.strong-etag-stable",
  title: "With etag supported, an ETag without W/ is strong: two reads under it are byte for byte the same",
  rfc: "RFC 7643 §3.1; RFC 7232 §2.1",
  keyword: "MUST",
  requires: ["etag"],
  async run(ctx) {
    const user = await createUser(ctx, "strong-etag");
    const first = await getResource(ctx, "Users", user.id);
    const second = await getResource(ctx, "Users", user.id);
    const [a, b] = [first.response?.headers["etag"], second.response?.headers["etag"]];
    if (a === undefined || a !== b || /^W\//.test(a)) return [];
    return first.response?.bodyText === second.response?.bodyText
      ? []
      : [
          ctx.finding({
            message: `two reads of an unchanged user under the same strong ETag ${a} differ byte for byte; a version that is not a strong validator is marked W/`,
            exchanges: [first, second],
          }),
        ];
  },
});

/** The resource-value checks, in catalogue order. */
export const RESOURCE_VALUE_CHECKS = [
  idsUnique,
  externalIdNotInvented,
  caseExactPreserved,
  schemasOrderIgnored,
  onePrimary,
  pairNotRepeated,
  patchPrimaryExclusive,
  certificateBase64,
  referencesResolve,
  userGroupsFollowMembership,
  userGroupsReadOnly,
  immutableKept,
  strongEtagStable,
];
