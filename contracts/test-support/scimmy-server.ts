/**
 * Test support: SCIMMY (scimmy + scimmy-routers) as an independent SCIM server, so the whole suite runs
 * against protocol code scim-harness did not write. Parsing, filters, PATCH, paging, sorting, errors and
 * the discovery documents are SCIMMY's; this file is only what an application has to write around it:
 * an in-memory store behind the ingress/egress/degress handlers (ids, meta.created/lastModified/version,
 * userName uniqueness, User.groups from memberships), a bearer token check, and an express 4 app on
 * 127.0.0.1 with a random port.
 *
 * scimmy-routers 1.3.2 does `import express, { Router } from "express"` and assigns to `req.query`
 * (startIndex/count cast to numbers), which express 5 makes a read-only getter. The project's own
 * express is 5, so a module resolve hook (`node:module` register) sends the bare specifier "express",
 * imported from inside scimmy-routers only, to the `express4` alias (npm:express@4). `loadRouters()`
 * checks the result, so if the hook ever stops applying the server refuses to start instead of running
 * on the wrong express.
 *
 * SCIMMY keeps its resource registry and config in module state, so one process serves one SCIMMY
 * server at a time.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { register } from "node:module";
import express4 from "express4";
import SCIMMY from "scimmy";
import type SCIMMYRouters from "scimmy-routers";

export interface StartedScimmyServer {
  /** `http://127.0.0.1:<port>/scim/v2` */
  baseUrl: string;
  token: string;
  stop(): Promise<void>;
}

type Json = Record<string, unknown>;
type StoredResource = Json & { id: string; meta: { created: string; lastModified: string; version: string } };
type SCIMMYRoutersClass = typeof SCIMMYRouters;

const BASE_PATH = "/scim/v2";

/** Resolve hook: "express" imported by a file of scimmy-routers becomes "express4". */
const EXPRESS4_FOR_SCIMMY_ROUTERS = `
export async function resolve(specifier, context, next) {
  if (specifier === "express" && context.parentURL?.includes("/node_modules/scimmy-routers/"))
    return next("express4", context);
  return next(specifier, context);
}`;

/** SCIMMY's 404 (its own resources throw it with no scimType, which its types do not admit). */
const notFound = (detail: string) => new SCIMMY.Types.Error(404, null as unknown as string, detail);

let routers: Promise<SCIMMYRoutersClass> | undefined;

function loadRouters(): Promise<SCIMMYRoutersClass> {
  routers ??= (async () => {
    register(`data:text/javascript,${encodeURIComponent(EXPRESS4_FOR_SCIMMY_ROUTERS)}`);
    const { default: Routers } = await import("scimmy-routers");
    if (Object.getPrototypeOf(Routers) !== express4.Router)
      throw new Error("scimmy-routers did not load on express 4 (the express4 resolve hook did not apply)");
    return Routers;
  })();
  return routers;
}

/** The in-memory store of one server: what a real application keeps in its database. */
class Store {
  readonly users = new Map<string, StoredResource>();
  readonly groups = new Map<string, StoredResource>();

  /** New or replaced resource (SCIMMY hands ingress the whole resource, also for PUT and PATCH). */
  save(kind: Map<string, StoredResource>, id: string | undefined, instance: Json): StoredResource {
    const previous = id === undefined ? undefined : kind.get(id);
    if (id !== undefined && previous === undefined) throw notFound(`Resource ${id} not found`);
    const now = new Date().toISOString();
    const version = previous === undefined ? 1 : Number(/\d+/.exec(previous.meta.version)?.[0] ?? 0) + 1;
    // JSON round trip: SCIMMY's schema instance becomes plain data; readOnly/shadow attributes are ours.
    const {
      id: _id,
      meta: _meta,
      schemas: _schemas,
      groups: _groups,
      ...data
    } = JSON.parse(JSON.stringify(instance)) as Json;
    const saved: StoredResource = {
      ...data,
      id: previous?.id ?? randomUUID(),
      meta: { created: previous?.meta.created ?? now, lastModified: now, version: `W/"${version}"` },
    };
    kind.set(saved.id, saved);
    return saved;
  }

  /** RFC 7643 §4.1.1: userName is unique across the SP ("uniqueness": "server", caseExact false). */
  assertUniqueUserName(userName: unknown, self: string | undefined): void {
    if (typeof userName !== "string") return;
    const wanted = userName.toLowerCase();
    for (const user of this.users.values())
      if (user.id !== self && String(user["userName"]).toLowerCase() === wanted)
        throw new SCIMMY.Types.Error(
          409,
          "uniqueness",
          `userName ${JSON.stringify(userName)} is already taken`,
        );
  }

  /** User.groups is readOnly and computed from the groups' members (RFC 7643 §4.1.2). */
  withGroups(user: StoredResource): Json {
    const groups = [...this.groups.values()]
      .filter((g) => ((g["members"] as Json[] | undefined) ?? []).some((m) => m["value"] === user.id))
      .map((g) => ({ value: g.id, display: g["displayName"], type: "direct" }));
    return groups.length > 0 ? { ...user, groups } : user;
  }
}

/** The egress of every resource type: one resource by id, or the filtered collection (SCIMMY pages it). */
function egress(
  resource: { id?: string; filter?: { match(values: Json[]): Json[] } },
  all: Map<string, StoredResource>,
  view: (r: StoredResource) => Json,
): Json | Json[] {
  if (resource.id !== undefined) {
    const found = all.get(resource.id);
    if (found === undefined) throw notFound(`Resource ${resource.id} not found`);
    return view(found);
  }
  const values = [...all.values()].map(view);
  return resource.filter !== undefined ? resource.filter.match(values) : values;
}

let active: Store | undefined;
let declared = false;

function store(): Store {
  if (active === undefined)
    throw new SCIMMY.Types.Error(500, null as unknown as string, "SCIMMY server is stopped");
  return active;
}

function declareResources(): void {
  if (declared) return;
  declared = true;
  SCIMMY.Resources.declare(SCIMMY.Resources.User, {
    extensions: [{ schema: SCIMMY.Schemas.EnterpriseUser, required: false }],
    ingress: (resource: { id?: string }, instance: Json) => {
      const s = store();
      s.assertUniqueUserName(instance["userName"], resource.id);
      return s.withGroups(s.save(s.users, resource.id, instance));
    },
    egress: (resource: { id?: string }) => {
      const s = store();
      return egress(resource, s.users, (u) => s.withGroups(u));
    },
    degress: (resource: { id?: string }) => {
      const s = store();
      if (resource.id === undefined || !s.users.delete(resource.id))
        throw notFound(`Resource ${resource.id} not found`);
      for (const group of s.groups.values()) {
        const members = group["members"] as Json[] | undefined;
        if (members !== undefined) group["members"] = members.filter((m) => m["value"] !== resource.id);
      }
    },
  } as never);
  SCIMMY.Resources.declare(SCIMMY.Resources.Group, {
    ingress: (resource: { id?: string }, instance: Json) =>
      store().save(store().groups, resource.id, instance),
    egress: (resource: { id?: string }) => egress(resource, store().groups, (g) => g),
    degress: (resource: { id?: string }) => {
      if (resource.id === undefined || !store().groups.delete(resource.id))
        throw notFound(`Resource ${resource.id} not found`);
    },
  } as never);
}

/** Starts SCIMMY on 127.0.0.1 with a random port and a random bearer token. */
export async function startScimmyServer(): Promise<StartedScimmyServer> {
  if (active !== undefined) throw new Error("a SCIMMY server is already running in this process");
  const Routers = await loadRouters();
  declareResources();
  const token = `scimmy_${randomBytes(18).toString("base64url")}`;
  const app = express4();
  let origin = "";
  app.use(
    BASE_PATH,
    new Routers({
      type: "bearer",
      handler: (req) => {
        if (req.header("Authorization") !== `Bearer ${token}`) throw new Error("Invalid bearer token");
        return "";
      },
      // Absolute meta.location (RFC 7643 §3.1: "The URI of the resource being returned").
      baseUri: () => origin,
    }) as never,
  );
  active = new Store();
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s)).on("error", reject);
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: `${origin}${BASE_PATH}`,
    token,
    stop: async () => {
      const closed = new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      server.closeAllConnections();
      await closed;
      active = undefined;
    },
  };
}
