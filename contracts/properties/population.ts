/**
 * Generated users with awkward but valid data: unicode names, case variants of the same userName base,
 * multi-valued emails with and without `type`, optional attributes left out, the enterprise extension.
 * Only attributes the target's User schema declares are generated (RFC 7643 §4.1, §4.3).
 */
import fc from "fast-check";
import { SCHEMA_ENTERPRISE_USER, SCHEMA_USER } from "../../harness/scim/schemas.ts";

/** userName bases; ASCII like most UPNs, with the punctuation UPNs allow. */
export const USER_BASES = ["alice", "bob", "o'neil", "ann-marie", "li.wei", "x_y"] as const;
/** Unicode values without case-folding traps (no ß, İ, ı). */
export const TEXTS = [
  "Zoë",
  "ZOË",
  "Ñandú",
  "Łukasz",
  "Ørsted",
  "李雷",
  "Ann Marie",
  "ann marie",
  'Lead "Ops"',
  "Dev/Ops",
  "😀 Emoji",
  "Engineer",
] as const;
export const EMAIL_LOCALS = ["alice", "Alice", "bob", "x.y", "ünï"] as const;
export const EMAIL_DOMAINS = ["example.com", "EXAMPLE.com", "mail.test"] as const;
export const EMAIL_TYPES = ["work", "home", "other"] as const;
export const EXTERNAL_IDS = ["E-1", "e-1", "X-7", "ext-42"] as const;
export const NUMBERS = ["1001", "1002", "A-7"] as const;

export type CaseStyle = "lower" | "upper" | "title";

export interface EmailSpec {
  local: string;
  domain: string;
  type?: string;
}

/** One generated user, before the prefix and position make its userName unique. */
export interface UserSpec {
  base: string;
  style: CaseStyle;
  displayName?: string;
  givenName?: string;
  familyName?: string;
  title?: string;
  active?: boolean;
  externalId?: string;
  emails: EmailSpec[];
  primaryFirst?: boolean;
  employeeNumber?: string;
  department?: string;
}

export function applyCase(text: string, style: CaseStyle): string {
  if (style === "upper") return text.toUpperCase();
  if (style === "title") return text.charAt(0).toUpperCase() + text.slice(1);
  return text.toLowerCase();
}

const maybe = <T>(arb: fc.Arbitrary<T>, keep: boolean): fc.Arbitrary<T | undefined> =>
  keep ? fc.option(arb, { nil: undefined, freq: 3 }) : fc.constant(undefined);

/** Users over the attributes `declares` admits. */
export function userSpec(
  declares: (name: string) => boolean,
  enterprise: (name: string) => boolean,
): fc.Arbitrary<UserSpec> {
  const text = fc.constantFrom(...TEXTS);
  const email = fc.record(
    {
      local: fc.constantFrom(...EMAIL_LOCALS),
      domain: fc.constantFrom(...EMAIL_DOMAINS),
      type: fc.constantFrom(...EMAIL_TYPES),
    },
    { requiredKeys: ["local", "domain"] },
  );
  return fc
    .record({
      base: fc.constantFrom(...USER_BASES),
      style: fc.constantFrom<CaseStyle>("lower", "upper", "title"),
      displayName: maybe(text, declares("displayName")),
      givenName: maybe(text, declares("name.givenName")),
      familyName: maybe(text, declares("name.familyName")),
      title: maybe(text, declares("title")),
      active: maybe(fc.boolean(), declares("active")),
      externalId: maybe(fc.constantFrom(...EXTERNAL_IDS), true),
      emails: declares("emails")
        ? (fc.array(email, { maxLength: 3 }) as fc.Arbitrary<EmailSpec[]>)
        : fc.constant<EmailSpec[]>([]),
      primaryFirst: fc.boolean(),
      employeeNumber: maybe(fc.constantFrom(...NUMBERS), enterprise("employeeNumber")),
      department: maybe(text, enterprise("department")),
    })
    .map((spec) => {
      const out: UserSpec = { base: spec.base, style: spec.style, emails: spec.emails };
      for (const key of [
        "displayName",
        "givenName",
        "familyName",
        "title",
        "active",
        "externalId",
        "employeeNumber",
        "department",
      ] as const) {
        if (spec[key] !== undefined) (out as unknown as Record<string, unknown>)[key] = spec[key];
      }
      if (spec.primaryFirst && spec.emails.length > 0) out.primaryFirst = true;
      return out;
    });
}

/** The userName of the user at `index`: `<prefix><base in its case>.<index>@example.com`. */
export const userNameOf = (spec: Pick<UserSpec, "base" | "style">, index: number, prefix: string): string =>
  `${prefix}${applyCase(spec.base, spec.style)}.${index}@example.com`;

/**
 * The SCIM body (RFC 7643 §4.1) of a generated user. Every value a target might keep unique (userName,
 * emails, externalId, displayName) carries the case prefix and the position, so no two users of a run
 * share one (a target may answer 409 uniqueness to a repeat, RFC 7644 §3.3); the generated part keeps
 * its case, so case variants still test caseExact.
 */
export function userResource(spec: UserSpec, index: number, prefix: string): Record<string, unknown> {
  const body: Record<string, unknown> = { schemas: [SCHEMA_USER], userName: userNameOf(spec, index, prefix) };
  if (spec.displayName !== undefined) body["displayName"] = `${spec.displayName} ${prefix}${index}`;
  if (spec.givenName !== undefined || spec.familyName !== undefined) {
    body["name"] = {
      ...(spec.givenName !== undefined ? { givenName: spec.givenName } : {}),
      ...(spec.familyName !== undefined ? { familyName: spec.familyName } : {}),
    };
  }
  if (spec.title !== undefined) body["title"] = spec.title;
  if (spec.active !== undefined) body["active"] = spec.active;
  if (spec.externalId !== undefined) body["externalId"] = `${prefix}${index}.${spec.externalId}`;
  if (spec.emails.length > 0) {
    body["emails"] = spec.emails.map((e, i) => ({
      value: `${e.local}.${prefix}${index}.${i}@${e.domain}`,
      ...(e.type !== undefined ? { type: e.type } : {}),
      ...(i === 0 && spec.primaryFirst === true ? { primary: true } : {}),
    }));
  }
  if (spec.employeeNumber !== undefined || spec.department !== undefined) {
    body["schemas"] = [SCHEMA_USER, SCHEMA_ENTERPRISE_USER];
    body[SCHEMA_ENTERPRISE_USER] = {
      ...(spec.employeeNumber !== undefined ? { employeeNumber: spec.employeeNumber } : {}),
      ...(spec.department !== undefined ? { department: spec.department } : {}),
    };
  }
  return body;
}
