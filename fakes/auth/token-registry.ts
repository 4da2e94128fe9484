/**
 * Bearer tokens of the fake SP (RFC 6750): several live at once, each with an optional expiry date and
 * audience, as Cinode issues them (seed 000 step 2.4, seed 001 step 2.4: "Enter an appropriate name and
 * expiry date … when this date expires, the integration will not work anymore").
 *
 * Rotation policy: `rotate(old)` issues a new token with the old one's audience and label and leaves the old
 * one valid; revoke it explicitly with `revoke(old)`. This models an admin creating the replacement token
 * before swapping it into the IdP (seed 002: "deactivate the IdM integration, update the token, and then
 * reactivate"), so both work during the swap.
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "../clock.ts";

/** What `issue` accepts. */
export interface IssueTokenOptions {
  /** After this instant the token is refused (401). Omit or `null` for a token that never expires. */
  expiresAt?: Date | null;
  /**
   * Audience the token was issued for (Cinode: "select 'https://api.cinode.app/scim/v2' as Audience").
   * Omitted → the registry's `defaultAudience`; `null` → no audience. Where the profile expects an audience,
   * a token without that exact audience is refused.
   */
  audience?: string | null;
  /** Human-readable name (Cinode asks for "a unique name"). */
  label?: string;
  /** Use this exact token string instead of a random one (tests, msw examples). */
  value?: string;
}

/** A token as the registry keeps it. */
export interface TokenRecord {
  token: string;
  issuedAt: Date;
  expiresAt: Date | undefined;
  audience: string | undefined;
  label: string | undefined;
  revoked: boolean;
}

/** Why a request failed authentication. */
export type AuthFailure = "missing" | "malformed" | "unknown" | "revoked" | "expired" | "audience";

/** Result of checking an `Authorization` header. */
export type AuthResult = { ok: true; record: TokenRecord } | { ok: false; reason: AuthFailure };

/** The live tokens of one fake SP. */
export interface TokenRegistry {
  /** The token issued at start-up. */
  readonly primary: string;
  issue(options?: IssueTokenOptions): string;
  /** Issues a replacement with the same audience and label; the old token stays valid until revoked. */
  rotate(oldToken: string, options?: Pick<IssueTokenOptions, "expiresAt" | "value">): string;
  revoke(token: string): void;
  /** Sets the token's expiry to the current clock time, so it fails from now on. */
  expire(token: string): void;
  get(token: string): TokenRecord | undefined;
  list(): TokenRecord[];
  /** Checks an `Authorization` header value against the registry and the expected audience. */
  authenticate(authorization: string | undefined, expectedAudience?: string): AuthResult;
}

/** Options for `createTokenRegistry`. */
export interface TokenRegistryOptions {
  clock: Clock;
  /** Audience given to tokens issued without one (the profile's audience). */
  defaultAudience?: string;
  /** Options of the primary token issued at creation. */
  primary?: IssueTokenOptions;
}

const randomToken = (): string => `scim_${randomBytes(24).toString("base64url")}`;

/** Creates a registry holding one primary token. */
export function createTokenRegistry(options: TokenRegistryOptions): TokenRegistry {
  const { clock } = options;
  const records = new Map<string, TokenRecord>();

  const mustGet = (token: string): TokenRecord => {
    const record = records.get(token);
    if (record === undefined) throw new TypeError("token registry: unknown token");
    return record;
  };

  const issue = (issueOptions: IssueTokenOptions = {}): string => {
    const token = issueOptions.value ?? randomToken();
    if (token.length === 0 || /\s/.test(token))
      throw new TypeError("token registry: a token must be non-empty, no spaces");
    if (records.has(token)) throw new TypeError("token registry: token already issued");
    records.set(token, {
      token,
      issuedAt: clock.now(),
      expiresAt: issueOptions.expiresAt ?? undefined,
      audience:
        issueOptions.audience === undefined ? options.defaultAudience : (issueOptions.audience ?? undefined),
      label: issueOptions.label,
      revoked: false,
    });
    return token;
  };

  const primary = issue(options.primary);

  return {
    primary,
    issue,
    rotate(oldToken, rotateOptions = {}) {
      const old = mustGet(oldToken);
      return issue({
        expiresAt: rotateOptions.expiresAt === undefined ? old.expiresAt : rotateOptions.expiresAt,
        audience: old.audience ?? null,
        ...(old.label !== undefined && { label: old.label }),
        ...(rotateOptions.value !== undefined && { value: rotateOptions.value }),
      });
    },
    revoke(token) {
      mustGet(token).revoked = true;
    },
    expire(token) {
      mustGet(token).expiresAt = clock.now();
    },
    get: (token) => records.get(token),
    list: () => [...records.values()],
    authenticate(authorization, expectedAudience) {
      if (authorization === undefined || authorization.trim() === "") return { ok: false, reason: "missing" };
      // RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 7235 §2.1).
      const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization);
      if (match === null) return { ok: false, reason: "malformed" };
      const record = records.get(match[1] ?? "");
      if (record === undefined) return { ok: false, reason: "unknown" };
      if (record.revoked) return { ok: false, reason: "revoked" };
      if (record.expiresAt !== undefined && clock.now().getTime() >= record.expiresAt.getTime()) {
        return { ok: false, reason: "expired" };
      }
      if (expectedAudience !== undefined && record.audience !== expectedAudience) {
        return { ok: false, reason: "audience" };
      }
      return { ok: true, record };
    },
  };
}
