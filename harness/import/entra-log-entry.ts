/**
 * One Entra provisioning log entry (Graph `provisioningObjectSummary`, dossier §1.11 [S12]) reduced to what
 * a scenario needs: when, which cycle and change, which action on which object, the outcome and the
 * modified properties. Both the JSON export and the CSV download are turned into this shape.
 */

/** `provisioningAction` values [S12]; `unknownFutureValue` and anything else read as `other`. */
export type EntraAction = "create" | "update" | "delete" | "disable" | "stagedDelete" | "other";

/** A modified property (`modifiedProperties[]` [S12]). */
export interface ModifiedProperty {
  name: string;
  oldValue?: string;
  newValue?: string;
}

/** A provisioning log entry, normalised. */
export interface EntraLogEntry {
  index: number;
  /** How messages name this entry: `entry 3 (change 9a2b4c6d)`. */
  ref: string;
  changeId?: string;
  cycleId?: string;
  /** ISO 8601 `activityDateTime`. */
  at: string;
  action: EntraAction;
  /** `success`, `failure`, `skipped`, `warning` (lower case). */
  status: string;
  errorCode?: string;
  reason?: string;
  kind: "user" | "group";
  /** The source object's id (Entra object id); falls back to the target id, then the display name. */
  objectId: string;
  displayName?: string;
  modified: ModifiedProperty[];
  /** `provisioningSteps[]` as `name: description`. */
  steps: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A string field, case-insensitively by key (exports differ in casing: `changeId`, `ChangeId`). */
export function field(obj: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) {
    if (name in obj) return obj[name];
    const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key !== undefined) return obj[key];
  }
  return undefined;
}

function str(value: unknown): string | undefined {
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

const ACTIONS: Record<string, EntraAction> = {
  create: "create",
  update: "update",
  delete: "delete",
  disable: "disable",
  stageddelete: "stagedDelete",
  other: "other",
};

function kindOf(...types: (string | undefined)[]): "user" | "group" | undefined {
  for (const type of types) {
    const t = (type ?? "").toLowerCase();
    if (t.includes("group")) return "group";
    if (t.includes("user") || t === "person") return "user";
  }
  return undefined;
}

/** Without an identity type (some CSV downloads): `members` means a group, user attributes a user. */
function kindFromProperties(modified: readonly ModifiedProperty[]): "user" | "group" | undefined {
  const names = new Set(modified.map((p) => p.name.toLowerCase()));
  if (names.has("members")) return "group";
  const userish = ["userprincipalname", "givenname", "surname", "mail", "accountenabled", "issoftdeleted"];
  return userish.some((n) => names.has(n)) ? "user" : undefined;
}

function modifiedOf(raw: unknown): ModifiedProperty[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isRecord).flatMap((p) => {
    const name = str(field(p, "displayName", "name"));
    if (name === undefined) return [];
    const oldValue = str(field(p, "oldValue"));
    const newValue = str(field(p, "newValue"));
    return [
      {
        name,
        ...(oldValue !== undefined ? { oldValue } : {}),
        ...(newValue !== undefined ? { newValue } : {}),
      },
    ];
  });
}

/**
 * Reads one element of the export. Returns the entry, or the reason it cannot be used (a string) when it is
 * not a provisioning entry, has no usable time or action, or is about neither a user nor a group.
 */
export function entryFromGraph(raw: unknown, index: number): EntraLogEntry | string {
  if (!isRecord(raw)) return "not an object";
  const changeId = str(field(raw, "changeId"));
  const actionText = str(field(raw, "provisioningAction", "action"));
  if (actionText === undefined) return "no provisioningAction: not a provisioning log entry";
  const atText = str(field(raw, "activityDateTime", "date", "TimeGenerated"));
  const at = atText === undefined ? undefined : parseLogDate(atText);
  if (at === undefined) return `activityDateTime missing or not a date (${atText ?? "none"})`;
  const source = field(raw, "sourceIdentity");
  const target = field(raw, "targetIdentity");
  const src = isRecord(source) ? source : {};
  const tgt = isRecord(target) ? target : {};
  const modified = modifiedOf(field(raw, "modifiedProperties"));
  const kind =
    kindOf(str(field(src, "identityType")), str(field(tgt, "identityType"))) ?? kindFromProperties(modified);
  if (kind === undefined) {
    return `identity type ${JSON.stringify(str(field(src, "identityType")) ?? "unknown")} is neither a user nor a group`;
  }
  const objectId =
    str(field(src, "id")) ??
    str(field(tgt, "id")) ??
    str(field(src, "displayName")) ??
    str(field(tgt, "displayName"));
  if (objectId === undefined) return "neither sourceIdentity nor targetIdentity names the object";
  const statusInfo = field(raw, "provisioningStatusInfo");
  const info = isRecord(statusInfo) ? statusInfo : {};
  const errorInfo = field(info, "errorInformation");
  const error = isRecord(errorInfo) ? errorInfo : {};
  const errorCode = str(field(error, "errorCode"));
  const reason = str(field(error, "reason"));
  const displayName = str(field(src, "displayName")) ?? str(field(tgt, "displayName"));
  const cycleId = str(field(raw, "cycleId"));
  const steps = field(raw, "provisioningSteps");
  return {
    index,
    ref: `${typeof raw.csvLine === "number" ? `line ${raw.csvLine}` : `entry ${index}`}${changeId !== undefined ? ` (change ${changeId.slice(0, 8)})` : ""}`,
    ...(changeId !== undefined ? { changeId } : {}),
    ...(cycleId !== undefined ? { cycleId } : {}),
    at,
    action: ACTIONS[actionText.toLowerCase().replace(/[^a-z]/g, "")] ?? "other",
    status: (str(field(info, "status")) ?? "unknown").toLowerCase(),
    ...(errorCode !== undefined ? { errorCode } : {}),
    ...(reason !== undefined ? { reason } : {}),
    kind,
    objectId,
    ...(displayName !== undefined ? { displayName } : {}),
    modified,
    steps: Array.isArray(steps)
      ? steps
          .filter(isRecord)
          .map((s) => `${str(field(s, "name")) ?? "step"}: ${str(field(s, "description")) ?? ""}`)
      : [],
  };
}

/**
 * A log timestamp as ISO 8601 UTC: ISO forms (a missing zone is read as UTC, as the portal's "Date (UTC)"
 * column is) and the portal's US form `11/18/2025, 9:41:07 AM` (UTC); undefined when unreadable.
 */
export function parseLogDate(text: string): string | undefined {
  const t = text.trim();
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?$/i.exec(t);
  if (us !== null) {
    const [, mo, d, y, h, mi, sec, ampm] = us;
    let hour = Number(h) % (ampm ? 12 : 24);
    if (ampm?.toUpperCase() === "PM") hour += 12;
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), hour, Number(mi), Number(sec ?? 0));
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(t)) return undefined;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(t) || !t.includes("T") ? t : `${t}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** A modified-property value as a list: a JSON array, or comma / semicolon separated ids, or one value. */
export function valueList(value: string | undefined): string[] {
  if (value === undefined) return [];
  const text = value.trim();
  if (text.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed))
        return parsed.map((v) => (isRecord(v) ? String(v.value ?? v.id ?? "") : String(v)));
    } catch {
      // fall through to splitting
    }
  }
  return text
    .replace(/^\[|\]$/g, "")
    .split(/[,;]/)
    .map((v) => v.trim().replace(/^"|"$/g, ""))
    .filter((v) => v !== "");
}

/** A single-valued modified-property value without JSON array or string wrapping (`["x"]` → `x`). */
export function singleValue(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const list = value.trim().startsWith("[") ? valueList(value) : [value.trim().replace(/^"(.*)"$/, "$1")];
  return list[0];
}
