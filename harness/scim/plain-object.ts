/**
 * Prototype-safe helpers for JSON objects received from the wire (used by validation, projection and
 * coercion in harness/scim).
 */

export type JsonObject = Record<string, unknown>;

/** Keys that would reach or replace an object's prototype if assigned naively. */
export const UNSAFE_KEYS: readonly string[] = ["__proto__", "constructor", "prototype"];

/** True for a plain object (`{}` or `Object.create(null)`), false for arrays, null and class instances. */
export function isJsonObject(value: unknown): value is JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Defines an own enumerable property, so that a key such as `__proto__` never touches the prototype. A key
 * found nowhere on the object or its prototype chain is assigned: that creates the same own, enumerable,
 * writable, configurable property and no setter can run; `defineProperty` (much slower on hot paths)
 * covers every other key (`__proto__`, `constructor`, a key already present).
 */
export function setOwn(target: JsonObject, key: string, value: unknown): void {
  if (!(key in target)) {
    target[key] = value;
    return;
  }
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The own key of `object` equal to `name` ignoring case (RFC 7643 §2.1), or undefined. The exact
 * spelling is tried first: it is what nearly every resource uses, and it spares a scan of all keys
 * (filter evaluation over a large store calls this for every attribute of every resource).
 */
export function findKey(object: JsonObject, name: string): string | undefined {
  if (Object.hasOwn(object, name)) return name;
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) if (key.toLowerCase() === lower) return key;
  return undefined;
}

/** Deep copy of plain objects and arrays (other values are shared), prototype-safe. */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => cloneJson(v)) as T;
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) setOwn(out, k, cloneJson(v));
  return out as T;
}
