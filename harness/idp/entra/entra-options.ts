/**
 * Options of the Entra ID model, their defaults and validation. Each option picks between behaviours the
 * dossier documents (or infers) for the Entra provisioning service's `scim` job.
 */
import { ConfigurationError } from "../../errors.ts";
import type { OptionValue } from "../../scenario/scenario-schema.ts";
import { ENTRA_ATTRIBUTE_SOURCES, ENTRA_MAPPINGS, MANAGER_PATH } from "./entra-mapping.ts";

/** Entra's user matching attributes, tried in order until the first hit (§1.4 [S6]). */
export type MatchingAttribute = "userName" | "externalId";

/** The four disable bodies of §1.5.6 (CONFLICT: all are emitted somewhere). */
export type DisableVariant = "a" | "b" | "c" | "d";

/**
 * How filter values go on the wire (§1.4):
 * `plus` = `filter=userName+eq+%22x%22` ([C1] [C3], default); `raw` = `filter=externalId+eq+"x"`, the
 * 2019 capture with raw quotes ([C2]); `doc` = the unencoded doc form `filter=userName eq "x"` ([S1]) with
 * spaces as `%20` so the request line stays valid.
 */
export type FilterEncoding = "plus" | "raw" | "doc";

/** Typed Entra options. */
export interface EntraOptions {
  /** The `aadOptscim062020` feature flag: RFC-compliant PATCH forms (§1.7 [S2]). Default false. */
  aadOptscim062020: boolean;
  /** Matching precedence (§1.4 [S6]); `"userName,externalId"` in the option string. Default userName. */
  matching: MatchingAttribute[];
  filterEncoding: FilterEncoding;
  /** Default per dialect: `a` without the flag, `b` with it (§1.5.6, §1.7 [S2]). */
  disableVariant: DisableVariant;
  /** Also probe a random group (inferred from "random user and group" [S1]). Default false. */
  groupProbe: boolean;
  /**
   * Send the random-GUID probe at the start of each activity, i.e. once per cycle before the first
   * request (inferred ordering: "at the start of any activity" [C1]; Part 4 item 4). Default true.
   */
  probeBeforeActivity: boolean;
  /** Manager mapped: a second-pass manager PATCH after the user exists (§1.5.5). Default false. */
  manager: boolean;
  /**
   * New members of a group go out as one PATCH per member, all sent at once, instead of one PATCH with a
   * value array (§1.6.4). Inferred from "Entra and Okta send parallel requests" (Part 3 B8, fleetdm/fleet
   * #50724). Default false.
   */
  parallelMembership: boolean;
  /**
   * The user attribute mapping: the SCIM targets sent. Option value: a preset (`default` §1.12, `cinode`
   * seeds 000/001, `cerby` seed 003, `kintone` seed 004) or a comma-separated list of targets.
   */
  mapping: readonly string[];
  /**
   * Mapping targets the admin deleted from the mapping because the app does not have them (the harness
   * sets this from the target's `/Schemas`, RFC 7643 §7): they are left out of `mapping`, and leaving out
   * the manager target turns `manager` off. Option value: a comma-separated list of targets.
   */
  omitAttributes: readonly string[];
}

const ENCODINGS: readonly FilterEncoding[] = ["plus", "raw", "doc"];
const VARIANTS: readonly DisableVariant[] = ["a", "b", "c", "d"];
const BOOLEAN_OPTIONS = [
  "aadOptscim062020",
  "groupProbe",
  "probeBeforeActivity",
  "manager",
  "parallelMembership",
] as const;
const KNOWN = new Set<string>([
  ...BOOLEAN_OPTIONS,
  "matching",
  "filterEncoding",
  "disableVariant",
  "mapping",
  "omitAttributes",
]);

function bool(raw: Record<string, OptionValue>, name: string, fallback: boolean): boolean {
  const value = raw[name];
  if (value === undefined) return fallback;
  if (typeof value !== "boolean")
    throw new ConfigurationError(`entra option ${name}: expected true or false`);
  return value;
}

function oneOf<T extends string>(
  raw: Record<string, OptionValue>,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new ConfigurationError(`entra option ${name}: expected one of ${allowed.join(", ")}`);
  }
  return value as T;
}

function parseMatching(value: OptionValue | undefined): MatchingAttribute[] {
  if (value === undefined) return ["userName"];
  const parts = typeof value === "string" ? value.split(",").map((p) => p.trim()) : [];
  const valid = parts.every((p) => p === "userName" || p === "externalId");
  if (parts.length === 0 || !valid || new Set(parts).size !== parts.length) {
    throw new ConfigurationError(
      'entra option matching: expected "userName", "externalId" or a precedence list such as "userName,externalId"',
    );
  }
  return parts as MatchingAttribute[];
}

function parseMapping(value: OptionValue | undefined): readonly string[] {
  if (value === undefined) return ENTRA_MAPPINGS.default ?? [];
  const preset = typeof value === "string" ? ENTRA_MAPPINGS[value] : undefined;
  if (preset !== undefined) return preset;
  const parts = typeof value === "string" ? value.split(",").map((p) => p.trim()) : [];
  const unknown = parts.filter((p) => ENTRA_ATTRIBUTE_SOURCES[p] === undefined);
  if (parts.length === 0 || unknown.length > 0) {
    throw new ConfigurationError(
      `entra option mapping: expected a preset (${Object.keys(ENTRA_MAPPINGS).join(", ")}) or a comma-separated list of ${Object.keys(ENTRA_ATTRIBUTE_SOURCES).join(", ")}${unknown.length > 0 ? ` (unknown: ${unknown.join(", ")})` : ""}`,
    );
  }
  return parts;
}

function parseOmitted(value: OptionValue | undefined): readonly string[] {
  if (value === undefined || value === "") return [];
  const parts = typeof value === "string" ? value.split(",").map((p) => p.trim()) : [];
  const unknown = parts.filter((p) => ENTRA_ATTRIBUTE_SOURCES[p] === undefined && p !== MANAGER_PATH);
  if (parts.length === 0 || unknown.length > 0) {
    throw new ConfigurationError(
      `entra option omitAttributes: expected a comma-separated list of mapping targets${unknown.length > 0 ? ` (unknown: ${unknown.join(", ")})` : ""}`,
    );
  }
  return parts;
}

/** Validates raw options into typed ones with defaults; throws ConfigurationError on unknown names or values. */
export function parseEntraOptions(raw: Record<string, OptionValue>): EntraOptions {
  for (const name of Object.keys(raw)) {
    if (!KNOWN.has(name)) {
      throw new ConfigurationError(`unknown entra option "${name}" (known: ${[...KNOWN].join(", ")})`);
    }
  }
  const flag = bool(raw, "aadOptscim062020", false);
  const omitted = parseOmitted(raw.omitAttributes);
  return {
    aadOptscim062020: flag,
    matching: parseMatching(raw.matching),
    filterEncoding: oneOf(raw, "filterEncoding", ENCODINGS) ?? "plus",
    disableVariant: oneOf(raw, "disableVariant", VARIANTS) ?? (flag ? "b" : "a"),
    groupProbe: bool(raw, "groupProbe", false),
    probeBeforeActivity: bool(raw, "probeBeforeActivity", true),
    manager: bool(raw, "manager", false) && !omitted.includes(MANAGER_PATH),
    parallelMembership: bool(raw, "parallelMembership", false),
    mapping: parseMapping(raw.mapping).filter((p) => !omitted.includes(p)),
    omitAttributes: omitted,
  };
}

/** The option record with every default filled in (what `IdpModel.resolveOptions` returns). */
export function resolveEntraOptions(raw: Record<string, OptionValue>): Record<string, OptionValue> {
  const options = parseEntraOptions(raw);
  const preset =
    typeof raw.mapping === "string" && ENTRA_MAPPINGS[raw.mapping] !== undefined ? raw.mapping : undefined;
  const { omitAttributes, ...rest } = options;
  const mapping = raw.mapping === undefined ? "default" : (preset ?? parseMapping(raw.mapping).join(","));
  return {
    ...rest,
    manager: bool(raw, "manager", false),
    matching: options.matching.join(","),
    mapping,
    ...(omitAttributes.length > 0 ? { omitAttributes: omitAttributes.join(",") } : {}),
  };
}

/** Validates a per-step disable variant (`disableUser.variant`). */
export function parseDisableVariant(value: string | undefined, fallback: DisableVariant): DisableVariant {
  if (value === undefined) return fallback;
  if (!(VARIANTS as readonly string[]).includes(value)) {
    throw new ConfigurationError(
      `entra disableUser variant "${value}": expected one of ${VARIANTS.join(", ")}`,
    );
  }
  return value as DisableVariant;
}
