/** The scim-harness version and the scenario-library version, read from package.json once. */
import { readFileSync } from "node:fs";
import { packagePath } from "./package-root.ts";

const manifest = JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as {
  version: string;
  scimHarness?: { scenarioLibraryVersion?: string };
};

export const HARNESS_VERSION: string = manifest.version;

/**
 * The version of the shipped scenario library (scenarios/). It moves on its own: a new or stricter
 * scenario can turn a green build red, so CHANGELOG.md lists scenario-library changes under it.
 */
export const SCENARIO_LIBRARY_VERSION: string = manifest.scimHarness?.scenarioLibraryVersion ?? "unknown";

/** What `scim-harness --version` prints: the tool version, then the scenario-library version. */
export const VERSION_TEXT = `${HARNESS_VERSION}\nscenario library ${SCENARIO_LIBRARY_VERSION}`;
