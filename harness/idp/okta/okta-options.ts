/**
 * Options of the Okta model. `appKind` chooses between the two kinds of Okta SCIM app [O1]: an Okta
 * Integration Network (catalogue) app, which PATCHes activation, deactivation and password sync and PUTs
 * every other user update, and a custom app made with the App Integration Wizard, which PUTs every update.
 */
import { ConfigurationError } from "../../errors.ts";
import type { OptionValue } from "../../scenario/scenario-schema.ts";

/** Typed Okta options. */
export interface OktaOptions {
  /** `oin`: catalogue app (default); `aiw`: App Integration Wizard custom app [O1]. */
  appKind: "oin" | "aiw";
}

const KNOWN = ["appKind"];

/** Validates raw options into typed ones with defaults; throws ConfigurationError on unknown names or values. */
export function parseOktaOptions(raw: Record<string, OptionValue>): OktaOptions {
  for (const name of Object.keys(raw)) {
    if (!KNOWN.includes(name)) {
      throw new ConfigurationError(`unknown okta option "${name}" (known: ${KNOWN.join(", ")})`);
    }
  }
  const appKind = raw.appKind ?? "oin";
  if (appKind !== "oin" && appKind !== "aiw") {
    throw new ConfigurationError("okta option appKind: expected one of oin, aiw");
  }
  return { appKind };
}

/** The option record with every default filled in. */
export function resolveOktaOptions(raw: Record<string, OptionValue>): Record<string, OptionValue> {
  return { ...parseOktaOptions(raw) };
}
