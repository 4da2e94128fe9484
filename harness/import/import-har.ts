/**
 * `scim-harness import har`: a HAR captured in front of a SCIM service provider → a scenario of `request`
 * steps. Paths are relative to the detected SCIM base; each step expects the statuses RFC 7644 allows for
 * its request (`har-expect.ts`: a PATCH 200 or 204, …; a recorded error its class where the RFC fixes it,
 * else the recorded status), ids the SP handed out are captured (`capture: { u1: /id }`, or
 * `header:Location` from a 201 whose body shows none) and used as `${u1}` later, and after a write the attributes it set are checked on the next read of that resource (a read is
 * added when the HAR has none).
 * Bearer tokens, cookies and other credentials are dropped, never written.
 */
import { LOCATION_CAPTURE, locationId } from "../runner/capture-value.ts";
import type { Scenario, Step } from "../scenario/scenario-schema.ts";
import type { IdpPlan } from "./har-idp.ts";
import { rawExpectation } from "./har-expect.ts";
import { detectIdp, json, planEntraSteps } from "./har-idp.ts";
import { planJumpCloudSteps } from "./har-jumpcloud.ts";
import { planOktaSteps } from "./har-okta.ts";
import type { HarExchange } from "./har-read.ts";
import { CREDENTIAL_HEADER, RECORDER_NAME, readHar } from "./har-read.ts";
import type { Rewrites } from "./har-values.ts";
import { renameValue, rewriteBody, rewritePath, writtenAttributes } from "./har-values.ts";
import { slugOf } from "./import-entra-log.ts";
import { ImportError } from "./import-error.ts";
import { planVersions } from "./har-versions.ts";
import type { ImportOptions, ImportResult, PlannedStep } from "./planned-step.ts";
import type { Pseudonymizer } from "./pseudonymizer.ts";
import { createPseudonymizer } from "./pseudonymizer.ts";
import { assembleScenario, renderScenarioYaml } from "./scenario-yaml.ts";

const KEPT_HEADER = /^user-agent$/i;
const ID_POINTERS = (body: unknown): [string, string][] => {
  if (typeof body !== "object" || body === null) return [];
  const out: [string, string][] = [];
  const { id, Resources } = body as { id?: unknown; Resources?: unknown };
  if (typeof id === "string") out.push([id, "/id"]);
  if (Array.isArray(Resources)) {
    Resources.forEach((r, i) => {
      const rid = (r as { id?: unknown } | null)?.id;
      if (typeof rid === "string") out.push([rid, `/Resources/${i}/id`]);
    });
  }
  return out;
};

/**
 * Where an answer shows resource ids: its body; else, for a create answered 201 without an id in its body
 * (RFC 7644 §3.3 requires Location, the body is a SHOULD), the Location header's last path segment.
 */
function idSources(x: HarExchange): [string, string][] {
  const fromBody = ID_POINTERS(json(x.responseBody));
  if (x.method !== "POST" || x.status !== 201 || fromBody.some(([, p]) => p === "/id")) return fromBody;
  const location = Object.entries(x.responseHeaders ?? {}).find(([h]) => /^location$/i.test(h))?.[1];
  const id = location === undefined ? undefined : locationId(location);
  return id === undefined ? fromBody : [...fromBody, [id, LOCATION_CAPTURE]];
}

/** The IdP-level planners by detected IdP; a recording of an IdP without one keeps raw `request` steps. */
const IDP_PLANNERS: Partial<
  Record<Scenario["idp"], (exchanges: readonly HarExchange[], pii: Pseudonymizer) => IdpPlan>
> = {
  entra: planEntraSteps,
  jumpcloud: planJumpCloudSteps,
  okta: planOktaSteps,
};
const IDP_NAMES: Record<Scenario["idp"], string> = { entra: "Entra", jumpcloud: "JumpCloud", okta: "Okta" };

/** Options of `importHar`. */
export interface HarImportOptions extends ImportOptions {
  /**
   * Import only the requests made with this credential fingerprint (`credentialFingerprint`). Default: the
   * first credential seen; the requests of other credentials (another IdP or tenant) are listed as skipped.
   */
  credential?: string;
  /**
   * Write IdP-level steps (assignUser, disableUser, …) when the traffic is a modelled IdP's (Entra,
   * JumpCloud, Okta) and every request has one; otherwise, and by default, raw `request` steps. `scim-harness record` turns it on.
   */
  idpSteps?: boolean;
}

/** What `importHar` returns. */
export interface HarImportResult extends ImportResult {
  /** Every credential fingerprint the HAR's SCIM requests carried, in order of first use. */
  credentials: string[];
}

/**
 * Imports a HAR; throws `ImportError` when it is not a HAR or holds no SCIM request. This is the one path
 * from recorded exchanges to a scenario: `scim-harness record` writes a HAR and imports it through here.
 */
export function importHar(input: string | Buffer, options: HarImportOptions = {}): HarImportResult {
  const label = options.fileName ?? "capture.har";
  const text = typeof input === "string" ? input : input.toString("utf8");
  const read = readHar(text, label);
  const { skipped, warnings, base } = read;
  // Two credentials are two IdPs or tenants: one scenario each, never mixed (ids and names would collide).
  const credentials = [...new Set(read.exchanges.flatMap((x) => (x.credential ? [x.credential] : [])))];
  const chosen = options.credential ?? credentials[0];
  if (options.credential !== undefined && !credentials.includes(options.credential))
    throw new ImportError(
      label,
      `no request with credential ${options.credential} (the HAR has ${credentials.join(", ") || "none"})`,
    );
  const exchanges = read.exchanges.filter((x) => {
    if (credentials.length <= 1 || x.credential === undefined || x.credential === chosen) return true;
    skipped.push({
      entry: `entries[${x.index}]`,
      reason: `another credential (${x.credential}, not ${chosen}): import it with --credential ${x.credential}`,
    });
    return false;
  });
  if (exchanges.length === 0)
    throw new ImportError(label, "no SCIM request in the HAR (paths with /Users, /Groups, …)", skipped);
  const seed = options.seed ?? 1;
  const pii = createPseudonymizer({ seed, keep: options.keepPii ?? false });
  const rewrites: Rewrites = { ids: new Map(), names: new Map() };

  // People first (coherent fakes per user body), then names from bodies and filters, so paths and
  // bodies agree on the replacement.
  const bodies = exchanges.map((x) => json(x.body) as Record<string, unknown> | undefined);
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  exchanges.forEach((x, i) => {
    const body = bodies[i];
    if (x.endpoint.toLowerCase() !== "users" || typeof body?.userName !== "string") return;
    const name = (body.name ?? {}) as Record<string, unknown>;
    const emails = Array.isArray(body.emails) ? body.emails : [];
    pii.person(body.userName, {
      givenName: str(name.givenName),
      familyName: str(name.familyName),
      displayName: str(body.displayName) ?? str(name.formatted),
      addresses: [body.userName, ...emails.map((e) => str((e as { value?: unknown } | null)?.value))],
      handle: str(body.externalId),
    });
    pii.person(body.userName, { displayName: str(name.formatted) });
  });
  exchanges.forEach((x, i) => {
    const body = bodies[i];
    const users = x.endpoint.toLowerCase() === "users";
    if (users && typeof body?.userName === "string") renameValue(rewrites, pii, "address", body.userName);
    if (!users && typeof body?.displayName === "string")
      renameValue(rewrites, pii, "group", body.displayName);
    const filter = new URLSearchParams(x.path.split("?")[1] ?? "").get("filter") ?? "";
    const m = /\b(userName|displayName)\s+eq\s+"((?:[^"\\]|\\.)*)"/i.exec(filter);
    if (m !== null)
      renameValue(rewrites, pii, m[1]!.toLowerCase() === "username" ? "address" : "group", m[2]!);
  });

  // Ids: the first response that reveals an id gets a capture when a later request uses that id.
  const revealed = new Map<string, { at: number; pointer: string; endpoint: string }>();
  const captures = new Map<number, Record<string, string>>();
  const counters = { u: 0, g: 0, r: 0 };
  exchanges.forEach((x, at) => {
    const haystack = `${x.path}\n${x.body ?? ""}`.toLowerCase();
    for (const [id, source] of revealed) {
      if (rewrites.ids.has(id) || source.at >= at || !haystack.includes(id)) continue;
      const prefix =
        source.endpoint.toLowerCase() === "users"
          ? "u"
          : source.endpoint.toLowerCase() === "groups"
            ? "g"
            : "r";
      const name = `${prefix}${++counters[prefix]}`;
      rewrites.ids.set(id, name);
      captures.set(source.at, { ...captures.get(source.at), [name]: source.pointer });
    }
    // Only resources have ids a later request uses: /ResourceTypes and /Schemas ids ("User", URNs) are names.
    // A PATCH answer is no source: RFC 7644 §3.5.2 lets another SP answer 204 without a body, and a capture
    // needs one (the POST 201 or GET 200 that first showed the id is, since the PATCH path carries it).
    if (
      x.status !== undefined &&
      x.status < 300 &&
      x.method !== "PATCH" &&
      /^(users|groups)$/i.test(x.endpoint)
    ) {
      for (const [id, pointer] of idSources(x)) {
        // An id the request itself carries was known before this answer: this step cannot capture it.
        if (!revealed.has(id.toLowerCase()) && !haystack.includes(id.toLowerCase()))
          revealed.set(id.toLowerCase(), { at, pointer, endpoint: x.endpoint });
      }
    }
  });

  // Versions like ids: an If-Match / If-None-Match value is captured from the answer that showed it, never
  // replayed verbatim (har-versions.ts).
  const versions = planVersions(exchanges);
  for (const [at, vars] of versions.captures) captures.set(at, { ...captures.get(at), ...vars });
  const unknownVersions: string[] = [];

  const planned: PlannedStep[] = [];
  const dropped = new Set<string>();
  let readBack: Record<string, unknown> | undefined;
  // What the recording did before each request: resources it deleted, userNames it created (→ their path).
  const deleted = new Set<string>();
  const userNames = new Map<string, string | undefined>();
  exchanges.forEach((x, at) => {
    const path = rewritePath(x.path, rewrites, pii);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(x.headers)) {
      if (CREDENTIAL_HEADER.test(name)) dropped.add(name);
      else if (KEPT_HEADER.test(name) && !/mozilla\//i.test(value)) headers[name] = value;
    }
    const conditions = [...(versions.headers.get(at) ?? [])];
    for (const [name, condition] of conditions) {
      if (condition.value !== undefined) headers[name] = condition.value;
      else unknownVersions.push(`entries[${x.index}] ${name}`);
    }
    const unknownId = /^\/(?:Users|Groups)\/([0-9a-f-]{36})/i.exec(x.path)?.[1];
    if (unknownId !== undefined && !rewrites.ids.has(unknownId.toLowerCase())) {
      warnings.push(
        `entries[${x.index}]: id ${pii.value("id", unknownId)} was never returned by a recorded response: the replay cannot know it`,
      );
    }
    const parsed = json(x.body);
    if (x.body !== undefined && parsed === undefined)
      warnings.push(`entries[${x.index}]: request body is not JSON; kept as a string`);
    const body =
      parsed === undefined
        ? x.body === undefined
          ? undefined
          : pii.scrub(x.body)
        : rewriteBody(parsed, x.endpoint, rewrites, pii);
    const capture = captures.get(at);
    const recorded = x.status === undefined ? "no response" : String(x.status);
    const resource = path.split("?")[0]!;
    const userName = /^users$/i.test(x.endpoint)
      ? (body as { userName?: unknown } | undefined)?.userName
      : undefined;
    const allowed =
      x.status === undefined
        ? undefined
        : rawExpectation(
            { ...x, status: x.status },
            {
              deleted: deleted.has(resource),
              userNameTaken: typeof userName === "string" && userNames.has(userName.toLowerCase()),
            },
          );
    const bodyExpected = { ...allowed?.expect.body, ...readBack };
    const expect = {
      ...(allowed !== undefined ? { status: allowed.expect.status } : {}),
      ...(Object.keys(bodyExpected).length > 0 ? { body: bodyExpected } : {}),
    };
    if (x.status !== undefined && x.status < 300 && x.method === "DELETE") {
      deleted.add(resource);
      for (const [name, at] of userNames) if (at === resource) userNames.delete(name);
    }
    if (x.status !== undefined && x.status < 300 && x.method === "POST" && typeof userName === "string") {
      const id = Object.entries(capture ?? {}).find(
        ([, pointer]) => pointer === "/id" || pointer === LOCATION_CAPTURE,
      )?.[0];
      userNames.set(userName.toLowerCase(), id === undefined ? undefined : `${resource}/\${${id}}`);
    }
    const step: Step = {
      do: "request",
      method: x.method,
      path,
      title: `${x.method} ${path.split("?")[0]} (recorded ${recorded})`,
      ...(body !== undefined ? { body } : {}),
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      ...(Object.keys(expect).length > 0 ? { expect } : {}),
      ...(capture !== undefined ? { capture } : {}),
    };
    const when = [x.startedAt, x.timeMs !== undefined ? `${x.timeMs} ms` : undefined]
      .filter(Boolean)
      .join(" · ");
    const comment = [`entries[${x.index}]${when ? ` · ${when}` : ""} · recorded ${recorded}`];
    if (allowed !== undefined) comment.push(allowed.why);
    comment.push(...conditions.map(([, condition]) => condition.comment));
    if (x.truncated?.response !== undefined)
      comment.push(
        `the recorded response body was cut at the recording's limit (${x.truncated.response} bytes): no ids captured from it`,
      );
    if (readBack !== undefined)
      comment.push("checks that the write before it stuck (the recorded body is not asserted)");
    planned.push({ step, comment });
    readBack = undefined;

    // After a successful write to a user, its next read must show what was written (RFC 7644 §3.5.2).
    const ok =
      x.status !== undefined &&
      x.status < 300 &&
      (x.method === "PATCH" || x.method === "PUT") &&
      !deleted.has(resource); // a deleted resource reads back 404 (RFC 7644 §3.6), expected above
    const written = ok ? writtenAttributes(x.method, body) : {};
    if (Object.keys(written).length === 0 || !/^\/Users\/[^/?]+$/i.test(path)) return;
    const next = exchanges[at + 1];
    if (next !== undefined && next.method === "GET" && rewritePath(next.path, rewrites, pii) === path) {
      readBack = written;
      return;
    }
    planned.push({
      step: {
        do: "request",
        method: "GET",
        path,
        title: `Read back ${path} (inferred)`,
        expect: { status: [200], body: written },
      },
      comment: [`inferred: not in the HAR; reads back what the ${x.method} above set (RFC 7644 §3.5.2)`],
    });
  });
  if (dropped.size > 0) warnings.push(`credentials dropped, never written: ${[...dropped].join(", ")}`);

  const endpoints = new Set(exchanges.map((x) => x.endpoint.toLowerCase()));
  const detected = detectIdp(exchanges);
  const plan = options.idpSteps && detected.known ? IDP_PLANNERS[detected.idp]?.(exchanges, pii) : undefined;
  const idpLevel = plan !== undefined && "planned" in plan ? plan : undefined;
  if (unknownVersions.length > 0 && !idpLevel)
    warnings.push(
      `versions no recorded response body showed, dropped (the replay cannot know them): ${unknownVersions.join(", ")}`,
    );
  const idpName = IDP_NAMES[detected.idp];
  const entra = detected.idp === "entra";
  const flag = detected.aadOptscim062020;
  const idpOptions = idpLevel && {
    ...(detected.idp === "entra" ? { aadOptscim062020: flag === undefined ? [false, true] : flag } : {}),
    ...idpLevel.options,
  };
  const baseScenario: Omit<Scenario, "steps"> = {
    id: `imported/har-${slugOf(options.fileName, "capture")}`,
    title: `Replay of a HAR capture (${exchanges.length} SCIM requests)`,
    description: idpLevel
      ? `Imported from ${label}; SCIM base ${pii.scrub(base)}. Detected: ${detected.summary}. Replayed as ${idpName} IdP-level steps${idpLevel.dialect !== undefined ? ` (${idpLevel.dialect})` : ""}; each asserts the RFC-correct outcome.`
      : `Imported from ${label}; SCIM base ${pii.scrub(base)}. Detected: ${detected.summary}. Statuses are those RFC 7644 allows for each request (the recorded one where it leaves the answer open); writes are read back.`,
    idp: detected.idp,
    ...(idpOptions && Object.keys(idpOptions).length > 0 ? { options: idpOptions } : {}),
    tags: ["imported", "har"],
    ...(idpLevel && (detected.inferred || (idpLevel.inferred ?? []).length > 0) ? { inferred: true } : {}),
    appliesTo: [
      ...(endpoints.has("users") ? ["users" as const] : []),
      ...(endpoints.has("groups") ? ["groups" as const] : []),
      // A 412 for a stale If-Match needs a target that versions resources (RFC 7644 §3.14).
      ...(versions.stale && !idpLevel ? ["etag" as const] : []),
    ],
    seed,
    ...(idpLevel && Object.keys(idpLevel.given).length > 0 ? { given: idpLevel.given } : {}),
  };
  if (idpLevel) planned.splice(0, planned.length, ...idpLevel.planned);
  const scenario = assembleScenario(baseScenario, planned);
  const recorder = read.creator === RECORDER_NAME;
  const header = [
    `Imported by scim-harness from a HAR capture: ${label}${recorder ? " (written by scim-harness record)" : ""}`,
    `${exchanges.length} SCIM requests imported, ${skipped.length} entries skipped; SCIM base ${pii.scrub(base)}.`,
    ...(credentials.length > 1
      ? [`Requests of credential ${chosen} only (the HAR has ${credentials.join(", ")}: one scenario each).`]
      : []),
    ...skipped.slice(0, 20).map((s) => `skipped ${s.entry}: ${pii.scrub(s.reason)}`),
    "Authorization headers, cookies and API keys were dropped; the harness sends the target's own token.",
    pii.keep
      ? "Personal data kept as recorded (--keep-pii): do not commit this file."
      : `Personal data replaced by consistent fake values (seed ${seed}).`,
    "userNames and group names carry ${runPrefix} so a replay never collides with an earlier run.",
    ...(versions.headers.size > 0 && !idpLevel
      ? [
          "If-Match / If-None-Match: a version a recorded response showed (body or ETag header) is captured (${vN}); others are dropped, a refused one (412) is sent stale.",
        ]
      : []),
    ...(versions.stale && !idpLevel
      ? ["A step expects the 412 of a stale version: the scenario applies to targets that support ETags."]
      : []),
    `Detected: ${detected.summary}.`,
    ...(idpLevel
      ? [
          `${idpName} IdP-level steps: the replay runs through the ${idpName} model; fixtures carry the recorded names (pseudonymised)${entra ? ", title and department" : ""}.`,
          ...(idpLevel.notes ?? []),
          "Discovery reads are left out (the harness reads discovery itself once per run).",
          ...(idpLevel.dropped.length > 0
            ? [`List reads left out (they change nothing): ${idpLevel.dropped.join(", ")}.`]
            : []),
          ...(entra && flag === undefined
            ? ["The dialect does not show in the recording: both aadOptscim062020 values are replayed."]
            : []),
        ]
      : plan !== undefined && "reason" in plan
        ? [`Raw request steps: ${pii.scrub(plan.reason)}.`]
        : []),
  ];
  const yaml = renderScenarioYaml(scenario, {
    header,
    steps: planned,
    ...(options.schemaRef ? { schemaRef: options.schemaRef } : {}),
    file: label,
  });
  return { scenario, yaml, skipped, warnings, credentials };
}
