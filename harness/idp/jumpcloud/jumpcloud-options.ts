/**
 * Options of the JumpCloud model. JumpCloud publishes no wire format (dossier Part 2): most options choose
 * between inferred alternatives the dossier says to replay both of (JC4, JC7) or between conflicting
 * sources (externalId, [J6] vs [J10]).
 */
import { ConfigurationError } from "../../errors.ts";
import { SCHEMA_ENTERPRISE_USER } from "../../scim/schemas.ts";
import type { OptionValue } from "../../scenario/scenario-schema.ts";

/** The one attribute of JumpCloud's body an admin can leave unmapped (inferred, §2.5 [J6]). */
export const JC_DEPARTMENT = `${SCHEMA_ENTERPRISE_USER}:department`;

/** How a user is deactivated / reactivated (JC4: method undocumented, replay both). */
export type ActiveMethod = "put" | "patch";

/** Typed JumpCloud options. */
export interface JumpCloudOptions {
  /** Deactivate by full PUT with `active: false` or by PATCH replace active (JC4, inferred). Default put. */
  deactivateMethod: ActiveMethod;
  /** Rename by PATCH replace displayName or by PUT of the group (JC7, inferred). Default patch. */
  renameMethod: "patch" | "put";
  /** The user PUT: the full body or the minimal one with `"emails": null` ([J6]). Default full. */
  putBody: "full" | "minimal";
  /**
   * What goes in `externalId`: the 24-hex JumpCloud object id ([J6], default) or the Employee ID
   * (`employeeIdentifier`, [J10], seed 002). CONFLICT in the dossier (§2.5); replay both.
   */
  externalId: "objectId" | "employeeId";
  /** Look the user up by userName before creating (JC2; the lookup exists [J1], its filter is inferred). */
  userLookup: boolean;
  /** "Enable management of User Groups and Group Membership" ([J4] [J5]). Default true. */
  groupManagement: boolean;
  /**
   * How a member is removed: `valueArray`, `{"op":"remove","path":"members","value":[{"value":…}]}` ([J7]
   * [J8], default), or `filter`, `{"op":"remove","path":"members[value eq \"…\"]"}`, inferred from the
   * members-filter fix an SP made for JumpCloud ([J9], grade D, B25).
   */
  memberRemoval: "valueArray" | "filter";
  /**
   * Attributes left out of the user bodies because the app does not have them (the harness sets this from
   * the target's `/Schemas`, RFC 7643 §7). Only the enterprise department: §2.5 lists it among the mapped
   * attributes [J6], while locale, preferredLanguage and phoneNumbers go out "even when the admin did not
   * ask for them" [J6]. That an admin can unmap department is inferred.
   */
  omitAttributes: readonly string[];
}

const KNOWN = [
  "deactivateMethod",
  "renameMethod",
  "putBody",
  "externalId",
  "userLookup",
  "groupManagement",
  "memberRemoval",
  "omitAttributes",
];

function oneOf<T extends string>(
  raw: Record<string, OptionValue>,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = raw[name];
  if (value === undefined) return fallback;
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new ConfigurationError(`jumpcloud option ${name}: expected one of ${allowed.join(", ")}`);
  }
  return value as T;
}

function bool(raw: Record<string, OptionValue>, name: string, fallback: boolean): boolean {
  const value = raw[name];
  if (value === undefined) return fallback;
  if (typeof value !== "boolean")
    throw new ConfigurationError(`jumpcloud option ${name}: expected true or false`);
  return value;
}

/** Validates raw options into typed ones with defaults; throws ConfigurationError on unknown names or values. */
export function parseJumpCloudOptions(raw: Record<string, OptionValue>): JumpCloudOptions {
  for (const name of Object.keys(raw)) {
    if (!KNOWN.includes(name)) {
      throw new ConfigurationError(`unknown jumpcloud option "${name}" (known: ${KNOWN.join(", ")})`);
    }
  }
  return {
    deactivateMethod: oneOf(raw, "deactivateMethod", ["put", "patch"] as const, "put"),
    renameMethod: oneOf(raw, "renameMethod", ["patch", "put"] as const, "patch"),
    putBody: oneOf(raw, "putBody", ["full", "minimal"] as const, "full"),
    externalId: oneOf(raw, "externalId", ["objectId", "employeeId"] as const, "objectId"),
    userLookup: bool(raw, "userLookup", true),
    groupManagement: bool(raw, "groupManagement", true),
    memberRemoval: oneOf(raw, "memberRemoval", ["valueArray", "filter"] as const, "valueArray"),
    omitAttributes: parseOmitted(raw.omitAttributes),
  };
}

function parseOmitted(value: OptionValue | undefined): readonly string[] {
  if (value === undefined || value === "") return [];
  const parts = typeof value === "string" ? value.split(",").map((p) => p.trim()) : [];
  if (parts.length === 0 || parts.some((p) => p !== JC_DEPARTMENT)) {
    throw new ConfigurationError(`jumpcloud option omitAttributes: only ${JC_DEPARTMENT} can be left out`);
  }
  return parts;
}

/** The option record with every default filled in. */
export function resolveJumpCloudOptions(raw: Record<string, OptionValue>): Record<string, OptionValue> {
  const { omitAttributes, ...options } = parseJumpCloudOptions(raw);
  return { ...options, ...(omitAttributes.length > 0 ? { omitAttributes: omitAttributes.join(",") } : {}) };
}

/** Validates a per-step deactivate method (`disableUser.variant`: put or patch). */
export function parseActiveMethod(value: string | undefined, fallback: ActiveMethod): ActiveMethod {
  if (value === undefined) return fallback;
  if (value !== "put" && value !== "patch") {
    throw new ConfigurationError(`jumpcloud disableUser variant "${value}": expected put or patch`);
  }
  return value;
}
