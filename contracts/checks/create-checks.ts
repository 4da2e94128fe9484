/**
 * Creating resources (RFC 7644 §3.3) and the common attributes every resource carries (RFC 7643 §3.1):
 * 201, Location, the returned resource, a server-assigned id, meta, and uniqueness (409).
 */
import { isXsdDateTime } from "../../harness/scim/xsd-date-time.ts";
import { attr, bodyOf, createUser, describe, send, statusOf, userBody } from "./check-helpers.ts";
import { defineCheck } from "./contract-check.ts";

const ENTRA_CREATE = {
  idp: "Entra ID",
  evidence: ["[S1]", "[S3]"],
  why: "caches the id of the created resource",
} as const;

export const createStatus201 = defineCheck({
  id: "rfc7644.create.status-201",
  title: "POST creates a resource and answers 201",
  rfc: "RFC 7644 §3.3",
  keyword: "MUST",
  idpDependence: [{ idp: "Entra ID", evidence: ["[S1]"], why: "expects 201 on create" }],
  async run(ctx) {
    const exchange = await send(ctx, { method: "POST", path: "/Users", body: userBody(ctx, "create") });
    const id = bodyOf(exchange)?.["id"];
    if (typeof id === "string") ctx.cleanup.track("Users", id);
    return statusOf(exchange) === 201
      ? []
      : [
          ctx.finding({
            message: `${describe(exchange)}, expected 201`,
            expected: 201,
            actual: statusOf(exchange) ?? exchange.error?.kind,
            exchanges: [exchange],
          }),
        ];
  },
});

export const createLocation = defineCheck({
  id: "rfc7644.create.location-header",
  title: "POST answers a Location header equal to meta.location",
  rfc: "RFC 7644 §3.3",
  keyword: "MUST",
  async run(ctx) {
    const user = await createUser(ctx, "location");
    const header = user.exchange.response?.headers["location"];
    const location = attr(attr(user.body, "meta"), "location");
    if (header === undefined)
      return [
        ctx.finding({
          message: `${describe(user.exchange)} has no Location header`,
          exchanges: [user.exchange],
        }),
      ];
    if (header !== location) {
      return [
        ctx.finding({
          message: `Location ${JSON.stringify(header)} differs from meta.location ${JSON.stringify(location)}`,
          expected: header,
          actual: location ?? null,
          exchanges: [user.exchange],
        }),
      ];
    }
    return [];
  },
});

export const createReturnsResource = defineCheck({
  id: "rfc7644.create.returns-resource",
  title: "POST returns the created resource",
  rfc: "RFC 7644 §3.3",
  keyword: "SHOULD",
  idpDependence: [ENTRA_CREATE],
  async run(ctx) {
    const body = userBody(ctx, "returns");
    const exchange = await send(ctx, { method: "POST", path: "/Users", body });
    const created = bodyOf(exchange);
    const id = created?.["id"];
    if (typeof id === "string") ctx.cleanup.track("Users", id);
    if (statusOf(exchange) !== 201) return ctx.setupFailed(`${describe(exchange)}`, exchange);
    const userName = attr(created, "userName");
    if (typeof id !== "string" || String(userName).toLowerCase() !== String(body["userName"]).toLowerCase()) {
      return [
        ctx.finding({
          message: `the 201 body is not the created user (id ${JSON.stringify(id)}, userName ${JSON.stringify(userName)})`,
          actual: created ?? exchange.response?.bodyText,
          exchanges: [exchange],
        }),
      ];
    }
    return [];
  },
});

export const idAssigned = defineCheck({
  id: "rfc7643.resource.id-assigned",
  title: "The service provider assigns a non-empty string id",
  rfc: "RFC 7643 §3.1",
  keyword: "MUST",
  idpDependence: [ENTRA_CREATE],
  async run(ctx) {
    const exchange = await send(ctx, { method: "POST", path: "/Users", body: userBody(ctx, "id") });
    const id = bodyOf(exchange)?.["id"];
    if (typeof id === "string" && id !== "") ctx.cleanup.track("Users", id);
    if (statusOf(exchange) !== 201) return ctx.setupFailed(describe(exchange), exchange);
    if (typeof id !== "string" || id === "" || id.toLowerCase() === "bulkid") {
      return [
        ctx.finding({
          message: `the created user's id is ${JSON.stringify(id)}: the service provider must assign a non-empty string`,
          actual: id ?? null,
          exchanges: [exchange],
        }),
      ];
    }
    return [];
  },
});

export const metaPresent = defineCheck({
  id: "rfc7643.resource.meta",
  title: "Resources carry meta.resourceType, created, lastModified and location",
  rfc: "RFC 7643 §3.1",
  keyword: "SHOULD",
  async run(ctx) {
    const user = await createUser(ctx, "meta");
    const meta = attr(user.body, "meta");
    const problems: string[] = [];
    if (attr(meta, "resourceType") !== "User")
      problems.push(`meta.resourceType is ${JSON.stringify(attr(meta, "resourceType"))}, expected "User"`);
    for (const key of ["created", "lastModified"]) {
      const value = attr(meta, key);
      if (typeof value !== "string" || !isXsdDateTime(value))
        problems.push(`meta.${key} is ${JSON.stringify(value)}, not an xsd:dateTime`);
    }
    if (typeof attr(meta, "location") !== "string") problems.push("meta.location is missing");
    return problems.length === 0
      ? []
      : [ctx.finding({ message: problems.join("; "), actual: meta ?? null, exchanges: [user.exchange] })];
  },
});

export const uniqueness409 = defineCheck({
  id: "rfc7644.create.uniqueness-409",
  title: "A duplicate userName is refused with 409 and scimType uniqueness",
  rfc: "RFC 7644 §3.3, §3.12",
  keyword: "MUST",
  idpDependence: [
    {
      idp: "Entra ID",
      evidence: ["[S8]", "[C3]", "B14"],
      why: "logs EntryConflict on 409 and keys retries on it",
    },
  ],
  async run(ctx) {
    const user = await createUser(ctx, "unique");
    const again = await send(ctx, {
      method: "POST",
      path: "/Users",
      body: userBody(ctx, "unique2", { userName: user.body["userName"] }),
    });
    const dupId = bodyOf(again)?.["id"];
    if (typeof dupId === "string") ctx.cleanup.track("Users", dupId);
    const scimType = bodyOf(again)?.["scimType"];
    if (statusOf(again) !== 409 || scimType !== "uniqueness") {
      return [
        ctx.finding({
          message: `a second POST with the same userName: ${describe(again)}, scimType ${JSON.stringify(scimType)}`,
          expected: { status: 409, scimType: "uniqueness" },
          actual: { status: statusOf(again) ?? again.error?.kind, scimType: scimType ?? null },
          exchanges: [again],
        }),
      ];
    }
    return [];
  },
});

export const uniqueCaseInsensitive = defineCheck({
  id: "rfc7643.user.userName-unique-case-insensitive",
  title: "userName uniqueness ignores case",
  rfc: "RFC 7643 §4.1.1, §2.2",
  keyword: "SHOULD",
  async run(ctx) {
    const user = await createUser(ctx, "case");
    const upper = String(user.body["userName"]).toUpperCase();
    const again = await send(ctx, {
      method: "POST",
      path: "/Users",
      body: userBody(ctx, "case2", { userName: upper }),
    });
    const dupId = bodyOf(again)?.["id"];
    if (typeof dupId === "string") ctx.cleanup.track("Users", dupId);
    return statusOf(again) === 409
      ? []
      : [
          ctx.finding({
            message: `POST with userName ${JSON.stringify(upper)} (an upper-case variant of an existing one): ${describe(again)}, expected 409`,
            expected: 409,
            actual: statusOf(again) ?? null,
            exchanges: [again],
          }),
        ];
  },
});

/** The create checks, in catalogue order. */
export const CREATE_CHECKS = [
  createStatus201,
  createLocation,
  createReturnsResource,
  idAssigned,
  metaPresent,
  uniqueness409,
  uniqueCaseInsensitive,
];
