/**
 * The registry of built-in app profiles (`--profile`).
 */
import type { AppProfile, ProfileName, ProfileOptions } from "./app-profile.ts";
import { cerbyProfile } from "./cerby-profile.ts";
import { cinodeProfile } from "./cinode-profile.ts";
import { genericProfile } from "./generic-profile.ts";
import { kintoneProfile } from "./kintone-profile.ts";

/** Built-in profile factories by name. */
export const PROFILES: Readonly<Record<ProfileName, (options?: ProfileOptions) => AppProfile>> =
  Object.freeze({
    generic: genericProfile,
    cinode: cinodeProfile,
    cerby: cerbyProfile,
    kintone: kintoneProfile,
  });

/** The built-in profile names, in display order. */
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

/** Resolves a profile name (or passes a profile object through); unknown names throw a TypeError listing valid ones. */
export function resolveProfile(
  profile: ProfileName | AppProfile | undefined,
  options: ProfileOptions = {},
): AppProfile {
  if (profile === undefined) return genericProfile(options);
  if (typeof profile !== "string") return profile;
  const factory = (PROFILES as Record<string, ((o?: ProfileOptions) => AppProfile) | undefined>)[profile];
  if (factory === undefined) {
    throw new TypeError(`unknown profile "${profile}"; valid profiles: ${PROFILE_NAMES.join(", ")}`);
  }
  return factory(options);
}
