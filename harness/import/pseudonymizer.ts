/**
 * Replaces personal data from customer exports with consistent fake values: the same original value always
 * becomes the same fake value (per seed), whatever order it is met in, so references across log entries
 * and HAR requests stay intact. Free text (error reasons, step descriptions) is scrubbed of every value
 * seen so far, of e-mail addresses and of GUIDs.
 */
import { Faker, en } from "@faker-js/faker";
import { createHash } from "node:crypto";

/** What a value is; values of the same namespace that are equal map to the same fake. */
export type PiiKind =
  | "address" // userPrincipalName, mail, userName, emails
  | "handle" // mailNickname, a login without domain
  | "givenName"
  | "familyName"
  | "displayName"
  | "group"
  | "id"
  | "phone"
  | "number"
  | "locality";

/** Maps personal values to fake ones; with `keep`, every value is returned unchanged. */
export interface Pseudonymizer {
  readonly keep: boolean;
  value(kind: PiiKind, original: string): string;
  /** Replaces every original seen so far, any e-mail address and any GUID in free text. */
  scrub(text: string): string;
  /**
   * Gives one person coherent fakes: given name, family name, display name `First Last`, addresses
   * `first.last@example.com` and handle `first.last`, all derived from `personKey` (e.g. the object id).
   * Originals already mapped keep their fake.
   */
  person(personKey: string, originals: PersonValues): void;
}

/** The personal values of one user, as found in an export. */
export interface PersonValues {
  givenName?: string | undefined;
  familyName?: string | undefined;
  displayName?: string | undefined;
  addresses?: readonly (string | undefined)[];
  handle?: string | undefined;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const GUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/;

const ascii = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]/g, "")
    .toLowerCase();

/** A pseudonymizer seeded with `seed` (default 1); `keep: true` makes it the identity. */
export function createPseudonymizer(options: { seed?: number; keep?: boolean } = {}): Pseudonymizer {
  const seed = options.seed ?? 1;
  const keep = options.keep ?? false;
  const faker = new Faker({ locale: [en] });
  const forward = new Map<string, string>();
  const taken = new Map<string, Set<string>>();

  const generate = (kind: PiiKind): string => {
    switch (kind) {
      case "address":
        return `${ascii(faker.person.firstName())}.${ascii(faker.person.lastName())}@example.com`;
      case "handle":
        return `${ascii(faker.person.firstName())}${ascii(faker.person.lastName()).slice(0, 1)}`;
      case "givenName":
        return faker.person.firstName();
      case "familyName":
        return faker.person.lastName();
      case "displayName":
        return `${faker.person.firstName()} ${faker.person.lastName()}`;
      case "group":
        return `${faker.word.adjective()} ${faker.word.noun()}`.replace(/^./, (c) => c.toUpperCase());
      case "id":
        return faker.string.uuid();
      case "phone":
        return `+1 555 01${faker.string.numeric(2)} ${faker.string.numeric(4)}`;
      case "number":
        return faker.string.numeric(6);
      case "locality":
        return faker.location.city();
    }
  };

  const value = (kind: PiiKind, original: string): string => {
    if (keep || original.trim() === "") return original;
    const norm = kind === "address" || kind === "id" || kind === "handle" ? original.toLowerCase() : original;
    const key = `${kind}\u0000${norm}`;
    const known = forward.get(key);
    if (known !== undefined) return known;
    const digest = createHash("sha256").update(`${seed}\u0000${key}`).digest();
    faker.seed(digest.readUInt32BE(0));
    let fake = generate(kind);
    const used = taken.get(kind) ?? new Set<string>();
    for (let n = 2; used.has(fake); n++) {
      fake = kind === "address" ? fake.replace(/(\d*)@/, `${n}@`) : `${fake.replace(/ \d+$/, "")} ${n}`;
    }
    used.add(fake);
    taken.set(kind, used);
    forward.set(key, fake);
    return fake;
  };

  const scrub = (text: string): string => {
    if (keep) return text;
    // One pass over all originals (longest first), so a fake is never replaced again.
    const byOriginal = new Map<string, string>();
    for (const [key, fake] of forward) {
      const original = key.slice(key.indexOf("\u0000") + 1);
      if (original.length >= 3 && !byOriginal.has(original.toLowerCase()))
        byOriginal.set(original.toLowerCase(), fake);
    }
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const alternatives = [...byOriginal.keys()].sort((a, b) => b.length - a.length).map(escape);
    const pattern = new RegExp([...alternatives, EMAIL.source, GUID.source].join("|"), "gi");
    return text.replace(pattern, (m) => {
      const known = byOriginal.get(m.toLowerCase());
      if (known !== undefined) return known;
      if (m.includes("@")) return m.toLowerCase().endsWith("@example.com") ? m : value("address", m);
      return value("id", m);
    });
  };

  const person = (personKey: string, originals: PersonValues): void => {
    if (keep) return;
    const digest = createHash("sha256")
      .update(`${seed}\u0000person\u0000${personKey.toLowerCase()}`)
      .digest();
    faker.seed(digest.readUInt32BE(0));
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const local = `${ascii(first)}.${ascii(last)}`;
    const assign = (kind: PiiKind, original: string | undefined, fake: string) => {
      if (original === undefined || original.trim() === "") return;
      const norm = kind === "address" || kind === "handle" ? original.toLowerCase() : original;
      const key = `${kind}\u0000${norm}`;
      if (forward.has(key)) return;
      const used = taken.get(kind) ?? new Set<string>();
      let unique = fake;
      for (let n = 2; used.has(unique); n++)
        unique = kind === "address" ? fake.replace("@", `${n}@`) : `${fake}${n}`;
      used.add(unique);
      taken.set(kind, used);
      forward.set(key, unique);
    };
    assign("givenName", originals.givenName, first);
    assign("familyName", originals.familyName, last);
    assign("displayName", originals.displayName, `${first} ${last}`);
    for (const address of originals.addresses ?? []) assign("address", address, `${local}@example.com`);
    assign("handle", originals.handle, local);
  };

  return { keep, value, scrub, person };
}
