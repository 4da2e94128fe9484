/**
 * SCIM protocol errors (RFC 7644 §3.12).
 *
 * `ScimError` is what the SCIM core and the fake SP throw, and what checks parse error bodies from a
 * target into. Misuse of scim-harness's own APIs throws `TypeError`, never `ScimError`.
 */

export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

/** The `scimType` keywords of RFC 7644 §3.12, Table 9. */
export const SCIM_TYPES = [
  "invalidFilter",
  "tooMany",
  "uniqueness",
  "mutability",
  "invalidSyntax",
  "invalidPath",
  "noTarget",
  "invalidValue",
  "invalidVers",
  "sensitive",
] as const;

export type ScimType = (typeof SCIM_TYPES)[number];

/**
 * Which HTTP status each `scimType` may travel with (RFC 7644 §3.12, Table 9): all detail keywords are
 * 400 responses except `tooMany` (413 on bulk, 400 on a filter that would return too many results)
 * and `uniqueness` (409).
 */
export const SCIM_TYPE_STATUS: Readonly<Record<ScimType, readonly number[]>> = {
  invalidFilter: [400],
  tooMany: [400, 413],
  uniqueness: [409],
  mutability: [400],
  invalidSyntax: [400],
  invalidPath: [400],
  noTarget: [400],
  invalidValue: [400],
  invalidVers: [400],
  sensitive: [400],
};

/** HTTP statuses RFC 7644 §3.12 Table 8 describes, with their meaning. */
export const SCIM_ERROR_STATUSES: Readonly<Record<number, string>> = {
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
};

/** The wire form of an error response (RFC 7644 §3.12): `status` is a JSON string. */
export interface ScimErrorBody {
  schemas: [typeof SCIM_ERROR_SCHEMA];
  status: string;
  scimType?: ScimType;
  detail?: string;
}

export function isScimType(value: unknown): value is ScimType {
  return typeof value === "string" && (SCIM_TYPES as readonly string[]).includes(value);
}

/** Is this status/scimType pair allowed by RFC 7644 §3.12? */
export function isValidStatusScimType(status: number, scimType: ScimType | undefined): boolean {
  if (!Number.isInteger(status) || status < 300 || status > 599) return false;
  if (scimType === undefined) return true;
  return SCIM_TYPE_STATUS[scimType].includes(status);
}

const FOOTPRINT = Symbol.for("scim-harness.ScimError");

/**
 * A SCIM protocol error.
 *
 * @example
 * throw new ScimError(400, "invalidFilter", 'Unexpected "]" at position 12')
 */
export class ScimError extends Error {
  readonly status: number;
  readonly scimType: ScimType | undefined;
  readonly detail: string | undefined;
  readonly [FOOTPRINT] = true;

  constructor(status: number, scimType?: ScimType, detail?: string, options?: { cause?: unknown }) {
    if (scimType !== undefined && !isScimType(scimType)) {
      throw new TypeError(`ScimError: unknown scimType ${JSON.stringify(scimType)}`);
    }
    if (!isValidStatusScimType(status, scimType)) {
      throw new TypeError(
        `ScimError: status ${status} cannot carry scimType ${JSON.stringify(scimType)} (RFC 7644 §3.12)`,
      );
    }
    super(detail ?? scimType ?? SCIM_ERROR_STATUSES[status] ?? `HTTP ${status}`, options);
    this.name = "ScimError";
    this.status = status;
    this.scimType = scimType;
    this.detail = detail;
  }

  /** The RFC 7644 §3.12 body, with `status` as a string. */
  toJSON(): ScimErrorBody {
    const body: ScimErrorBody = { schemas: [SCIM_ERROR_SCHEMA], status: String(this.status) };
    if (this.scimType !== undefined) body.scimType = this.scimType;
    if (this.detail !== undefined) body.detail = this.detail;
    return body;
  }
}

/** Detects a ScimError by footprint, so that two loaded copies of this module still agree. */
export function isScimError(value: unknown): value is ScimError {
  return (
    typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[FOOTPRINT] === true
  );
}

/** What a target's error body said, and how it deviates from RFC 7644 §3.12. */
export interface ParsedErrorBody {
  status: number | undefined;
  scimType: string | undefined;
  detail: string | undefined;
  /** Deviations from §3.12, in words; empty when the body is conformant. */
  problems: string[];
}

/**
 * Reads an error body received from a target. Never throws: a body that is not an RFC 7644 §3.12
 * error yields `problems` describing why.
 */
export function parseErrorBody(body: unknown, httpStatus?: number): ParsedErrorBody {
  const problems: string[] = [];
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return {
      status: undefined,
      scimType: undefined,
      detail: undefined,
      problems: ["body is not a JSON object"],
    };
  }
  const record = body as Record<string, unknown>;
  const schemas = record["schemas"];
  if (!Array.isArray(schemas) || !schemas.includes(SCIM_ERROR_SCHEMA)) {
    problems.push(`"schemas" does not contain "${SCIM_ERROR_SCHEMA}"`);
  }
  let status: number | undefined;
  const rawStatus = record["status"];
  if (typeof rawStatus === "string" && /^\d{3}$/.test(rawStatus)) {
    status = Number(rawStatus);
  } else if (typeof rawStatus === "number") {
    status = rawStatus;
    problems.push(`"status" is the number ${rawStatus}, RFC 7644 §3.12 requires a string`);
  } else {
    problems.push(`"status" is missing or not a 3-digit string`);
  }
  if (status !== undefined && httpStatus !== undefined && status !== httpStatus) {
    problems.push(`"status" is ${status} but the HTTP status is ${httpStatus}`);
  }
  const rawType = record["scimType"];
  let scimType: string | undefined;
  if (rawType !== undefined && rawType !== null) {
    if (typeof rawType !== "string") {
      problems.push(`"scimType" is not a string`);
    } else {
      scimType = rawType;
      if (!isScimType(rawType))
        problems.push(`"scimType" ${JSON.stringify(rawType)} is not an RFC 7644 keyword`);
      else if (status !== undefined && !SCIM_TYPE_STATUS[rawType].includes(status)) {
        problems.push(`"scimType" ${rawType} is not allowed with status ${status}`);
      }
    }
  }
  const rawDetail = record["detail"];
  const detail = typeof rawDetail === "string" ? rawDetail : undefined;
  if (rawDetail !== undefined && typeof rawDetail !== "string") problems.push(`"detail" is not a string`);
  return { status, scimType, detail, problems };
}
