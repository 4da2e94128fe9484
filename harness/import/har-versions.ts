/**
 * Conditional headers of replayed raw steps (RFC 7644 §3.14, RFC 7232 §3.1-§3.2). A recorded `If-Match:
 * W/"3"` names the version the recorded SP had; another SP, or the same one after a fresh start, has other
 * versions and rightly answers 412, so the recorded value is never replayed verbatim. Like ids, a version
 * a recorded response body showed for the same resource (`meta.version` of a create, read, query or PUT
 * answer) is captured from that step (`capture: { v1: /meta/version }`) and the header says `${v1}`.
 * A PATCH answer body is no source (RFC 7644 §3.5.2 lets another SP answer 204 without a body); a version
 * only an `ETag` response header showed is captured from that header (`capture: { v1: header:ETag }`,
 * RFC 7644 §3.14 puts a supported ETag in the HTTP header), also on a PATCH answer. The header is dropped
 * when no recorded response showed the version. A recorded 412 keeps its If-Match with a value no version carries, so the
 * replay asks for the same refusal. `*` is no version and stays as recorded.
 */
import { ETAG_CAPTURE } from "../runner/capture-value.ts";
import { json } from "./har-idp.ts";
import type { HarExchange } from "./har-read.ts";

/** The tag a replayed step sends where the recording got 412 for a stale version. */
export const STALE_VERSION = 'W/"scim-harness-stale-version"';

const CONDITIONAL_HEADER = /^if-(none-)?match$/i;

/** What a replay sends for one recorded conditional header. */
export interface ReplayedCondition {
  /** The header value to send; undefined when the header is dropped. */
  value?: string;
  /** One comment line for the step. */
  comment: string;
}

/** The conditional headers of each exchange, and the captures they need on earlier steps. */
export interface VersionPlan {
  /** Exchange position → variable name → JSON pointer, to merge into that step's `capture`. */
  captures: Map<number, Record<string, string>>;
  /** Exchange position → recorded header name → what the replay sends. */
  headers: Map<number, Map<string, ReplayedCondition>>;
  /** Whether a replayed step expects the 412 of a stale version (the target must support ETags). */
  stale: boolean;
}

interface Reveal {
  at: number;
  index: number;
  version: string;
  /** What captures it: a JSON pointer into that response body, or `header:ETag`; undefined when none can. */
  pointer?: string;
  /** Why it cannot be captured there, when `pointer` is undefined. */
  why?: string;
}

const resourceOf = (x: HarExchange, id: string) => `${x.endpoint.toLowerCase()}/${id.toLowerCase()}`;
const pathId = (x: HarExchange) => /^\/(?:Users|Groups)\/([^/?]+)/i.exec(x.path)?.[1];

/** The versions a successful answer to a Users / Groups request shows, per resource. */
function revealsOf(x: HarExchange, at: number): [string, Reveal][] {
  if (x.status === undefined || x.status >= 300 || !/^(users|groups)$/i.test(x.endpoint)) return [];
  const out: [string, Reveal][] = [];
  const body = json(x.responseBody) as { id?: unknown; Resources?: unknown } | undefined;
  const versionOf = (r: unknown) => {
    const v = (r as { meta?: { version?: unknown } } | null)?.meta?.version;
    return typeof v === "string" ? v : undefined;
  };
  const reveal = (id: string, version: string, pointer: string) =>
    out.push([
      resourceOf(x, id),
      x.method === "PATCH"
        ? {
            at,
            index: x.index,
            version,
            why: `only the PATCH answer of entries[${x.index}] showed it, and RFC 7644 §3.5.2 lets another SP answer 204 without a body`,
          }
        : { at, index: x.index, version, pointer },
    ]);
  const bodyVersion = versionOf(body);
  if (typeof body?.id === "string" && bodyVersion !== undefined)
    reveal(body.id, bodyVersion, "/meta/version");
  if (Array.isArray(body?.Resources))
    body.Resources.forEach((r, i) => {
      const id = (r as { id?: unknown } | null)?.id;
      const version = versionOf(r);
      if (typeof id === "string" && version !== undefined)
        reveal(id, version, `/Resources/${i}/meta/version`);
    });
  // When supported, an ETag travels in the HTTP header (RFC 7644 §3.14), also on a PATCH answered 204.
  const etag = Object.entries(x.responseHeaders ?? {}).find(([h]) => /^etag$/i.test(h))?.[1];
  const id = typeof body?.id === "string" ? body.id : pathId(x);
  if (etag !== undefined && id !== undefined && (bodyVersion !== etag || x.method === "PATCH"))
    out.push([resourceOf(x, id), { at, index: x.index, version: etag, pointer: ETAG_CAPTURE }]);
  return out;
}

/** Plans every recorded If-Match / If-None-Match header of `exchanges` (see the module comment). */
export function planVersions(exchanges: readonly HarExchange[]): VersionPlan {
  const plan: VersionPlan = { captures: new Map(), headers: new Map(), stale: false };
  const seen = new Map<string, Reveal[]>();
  const names = new Map<string, string>();
  exchanges.forEach((x, at) => {
    const id = pathId(x);
    for (const [name, value] of Object.entries(x.headers)) {
      if (!CONDITIONAL_HEADER.test(name)) continue;
      const replayed = (condition: ReplayedCondition) =>
        plan.headers.set(at, (plan.headers.get(at) ?? new Map()).set(name, condition));
      if (value.trim() === "*") {
        replayed({ value, comment: `${name}: * kept: it names no version (RFC 7232 §3.1)` });
        continue;
      }
      if (x.status === 412 && /^if-match$/i.test(name)) {
        plan.stale = true;
        replayed({
          value: STALE_VERSION,
          comment: `${name}: the recorded ${value} was refused with 412; the replay sends ${STALE_VERSION}, which no version of the resource carries, so a target that honours If-Match refuses it too (RFC 7644 §3.14, RFC 7232 §3.1)`,
        });
        continue;
      }
      const earlier = id === undefined ? [] : (seen.get(resourceOf(x, id)) ?? []);
      const source = earlier.findLast((r) => r.version === value);
      if (source?.pointer === undefined) {
        replayed({
          comment: `${name}: ${value} dropped: ${source?.why ?? "no recorded response showed this version of the resource"}, so the replay cannot know it`,
        });
        continue;
      }
      const key = `${source.at} ${source.pointer}`;
      const variable = names.get(key) ?? `v${names.size + 1}`;
      names.set(key, variable);
      plan.captures.set(source.at, { ...plan.captures.get(source.at), [variable]: source.pointer });
      replayed({
        value: `\${${variable}}`,
        comment: `${name}: the version entries[${source.index}] showed (recorded ${value}), captured as \${${variable}}`,
      });
    }
    for (const [resource, reveal] of revealsOf(x, at))
      seen.set(resource, [...(seen.get(resource) ?? []), reveal]);
  });
  return plan;
}
