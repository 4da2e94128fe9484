/**
 * Rewrites recorded HAR requests for replay: resource ids the SP handed out become `${u1}` captures,
 * userNames and group names become `${runPrefix}-<fake>` (so a replay never collides with an earlier one
 * on the same SP), and other personal values in bodies become consistent fakes.
 */
import type { PiiKind, Pseudonymizer } from "./pseudonymizer.ts";

/** What a recorded `password` (Okta sends one on create [O1]) becomes: a credential is never written. */
export const REPLAY_PASSWORD = "scimh-Replay-Passw0rd!";

/** Replacement text for ids (→ `${var}`) and names (→ `${runPrefix}-fake`). */
export interface Rewrites {
  /** Lower-case original id → variable name. */
  ids: Map<string, string>;
  /** Original userName / group displayName → replacement (already with `${runPrefix}-`). */
  names: Map<string, string>;
}

const USER_KEYS: Record<string, PiiKind> = {
  givenname: "givenName",
  familyname: "familyName",
  middlename: "givenName",
  formatted: "displayName",
  displayname: "displayName",
  nickname: "handle",
  display: "displayName",
  locality: "locality",
};

/** The prefixed fake for a userName or group name, registered in `rewrites.names`. */
export function renameValue(
  rewrites: Rewrites,
  pii: Pseudonymizer,
  kind: "address" | "group",
  original: string,
): string {
  const known = rewrites.names.get(original);
  if (known !== undefined) return known;
  const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(original);
  const fake = pii.value(guid ? "id" : kind, original);
  const replacement = `\${runPrefix}-${kind === "group" ? fake.replace(/\s+/g, "-") : fake}`;
  rewrites.names.set(original, replacement);
  return replacement;
}

function replaceIds(text: string, rewrites: Rewrites): string {
  if (rewrites.ids.size === 0) return text;
  const pattern = new RegExp(
    [...rewrites.ids.keys()].map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"),
    "gi",
  );
  return text.replace(pattern, (m) => `\${${rewrites.ids.get(m.toLowerCase()) ?? m}}`);
}

/**
 * A request path with ids → `${var}` and recorded names → their replacement, in each encoding a query
 * may use (raw, `encodeURIComponent`, `+` for space). `${…}` is kept literal for the runner to expand.
 */
export function rewritePath(path: string, rewrites: Rewrites, pii: Pseudonymizer): string {
  const forms = new Map<string, string>();
  for (const [original, replacement] of rewrites.names) {
    const cut = replacement.indexOf("-") + 1;
    const [prefix, fake] = [replacement.slice(0, cut), replacement.slice(cut)];
    const encoded = encodeURIComponent(original);
    forms.set(original, prefix + fake);
    forms.set(encoded, prefix + encodeURIComponent(fake));
    forms.set(encoded.replace(/%20/g, "+"), prefix + encodeURIComponent(fake).replace(/%20/g, "+"));
  }
  // One pass, longest form first, so a replacement is never rewritten again.
  const alternatives = [...forms.keys()]
    .filter((f) => f !== "")
    .sort((a, b) => b.length - a.length)
    .map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const withIds = replaceIds(path, rewrites);
  const out =
    alternatives.length === 0
      ? withIds
      : withIds.replace(new RegExp(alternatives.join("|"), "g"), (m) => forms.get(m) ?? m);
  if (pii.keep) return out;
  // Anything personal left in the path (an e-mail or a GUID in a filter): a consistent fake.
  return out
    .replace(/[A-Za-z0-9._+-]+(?:%40|@)[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, (m) => {
      const address = m.replace(/%40/g, "@");
      if (address.toLowerCase().endsWith("@example.com")) return m;
      const fake = pii.value("address", address);
      return m.includes("%40") ? fake.replace("@", "%40") : fake;
    })
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, (m) => pii.value("id", m));
}

/** A JSON body with ids, names and personal values rewritten; `endpoint` tells users from groups. */
export function rewriteBody(
  value: unknown,
  endpoint: string,
  rewrites: Rewrites,
  pii: Pseudonymizer,
): unknown {
  const isGroups = endpoint.toLowerCase() === "groups";
  const text = (node: string, key: string | undefined, parent: string | undefined): string => {
    const withIds = replaceIds(node, rewrites);
    if (withIds !== node && /^\$\{[^}]+\}$/.test(withIds)) return withIds;
    // Keys may be dotted or URN-qualified in path-less PATCH values ("name.givenName", B5).
    const k = (key ?? "").toLowerCase().split(/[.:]/).pop() ?? "";
    const p = (parent ?? "").toLowerCase();
    if (k === "password") return REPLAY_PASSWORD; // a credential: never written, even with --keep-pii
    if (k === "username") return renameValue(rewrites, pii, "address", node);
    if (k === "displayname" && isGroups && p !== "members") return renameValue(rewrites, pii, "group", node);
    if (pii.keep) return withIds;
    if (k === "value" && p === "emails") return pii.value("address", node);
    if (k === "value" && p === "phonenumbers") return pii.value("phone", node);
    if (k === "externalid") return pii.value(/^[0-9a-f-]{36}$/i.test(node) ? "id" : "handle", node);
    if (k === "employeenumber") return pii.value("number", node);
    const kind = USER_KEYS[k];
    if (kind !== undefined && (!isGroups || k === "display")) return pii.value(kind, node);
    return pii.scrub(withIds);
  };
  const walk = (node: unknown, key: string | undefined, parent: string | undefined): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item, key, parent));
    if (typeof node === "string") return text(node, key, parent);
    if (typeof node !== "object" || node === null) return node;
    const obj = node as Record<string, unknown>;
    // A PATCH operation: its value is named by its path (`emails[type eq "work"].value`, `name.givenName`).
    if (typeof obj.op === "string" && typeof obj.path === "string") {
      const path = obj.path.toLowerCase();
      const target = /^(emails|phonenumbers)\[/.exec(path);
      const [vKey, vParent] = target ? ["value", target[1]] : [path.replace(/\[.*?\]/g, ""), undefined];
      return Object.fromEntries(
        Object.entries(obj).map(([k, v]) => [k, k === "value" ? walk(v, vKey, vParent) : walk(v, k, key)]),
      );
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, walk(v, k, key)]));
  };
  return walk(value, undefined, undefined);
}

/** SCIM attribute path → JSON pointer for attributes a read-back can check (not names the replay rewrites). */
const CHECKABLE: Record<string, string> = {
  active: "/active",
  title: "/title",
  nickname: "/nickName",
  "name.givenname": "/name/givenName",
  "name.familyname": "/name/familyName",
  usertype: "/userType",
  preferredlanguage: "/preferredLanguage",
};

const asScim = (path: string, value: unknown): unknown =>
  path === "active" && typeof value === "string" && /^(true|false)$/i.test(value)
    ? value.toLowerCase() === "true"
    : value;

/**
 * What a successful write set on a user, as JSON pointer → value a following GET must show: simple
 * attributes of a PATCH (`add` / `replace`, with a path or path-less) or of a PUT / POST body. Entra's
 * string booleans (`"False"`, B1) are expected back as JSON booleans (RFC 7643 §2.3.2).
 */
export function writtenAttributes(method: string, body: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const take = (path: string, value: unknown) => {
    const pointer = CHECKABLE[path.toLowerCase()];
    if (pointer === undefined || typeof value === "object" || value === undefined) return;
    if (typeof value === "string" && value.includes("${")) return;
    out[pointer] = asScim(path.toLowerCase(), value);
  };
  const takeObject = (obj: Record<string, unknown>, prefix = "") => {
    for (const [k, v] of Object.entries(obj)) {
      if (v !== null && typeof v === "object" && !Array.isArray(v) && k.toLowerCase() === "name") {
        takeObject(v as Record<string, unknown>, "name.");
      } else take(prefix + k, v);
    }
  };
  if (typeof body !== "object" || body === null) return out;
  if (method === "PATCH") {
    const ops = (body as { Operations?: unknown }).Operations;
    for (const op of Array.isArray(ops) ? ops : []) {
      if (typeof op !== "object" || op === null) continue;
      const { op: verb, path, value } = op as { op?: unknown; path?: unknown; value?: unknown };
      if (typeof verb !== "string" || !/^(add|replace)$/i.test(verb)) continue;
      if (typeof path === "string") take(path, value);
      else if (typeof value === "object" && value !== null) takeObject(value as Record<string, unknown>);
    }
  } else takeObject(body as Record<string, unknown>);
  return out;
}
