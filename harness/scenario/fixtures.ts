/**
 * Turns a scenario's `given` into the IdP's source directory, filling every value a fixture leaves out
 * with faker data from a fixed seed (so a pinned seed gives identical requests), and prefixing every
 * userName and group displayName with `scimh-<runId>-<scenario>` (explicit ones too) so a run is safe
 * against a shared tenant and concurrent scenarios never collide.
 */
import { Faker, en } from "@faker-js/faker";
import { createHash } from "node:crypto";
import { createDirectoryState, type DirectoryState, type SourceUser } from "../idp/directory-state.ts";
import type { OptionValue, Scenario } from "./scenario-schema.ts";

/** A 32-bit seed derived from the run seed, the scenario id and a fixture key. */
function derivedSeed(seed: number, ...parts: string[]): number {
  const digest = createHash("sha256")
    .update([seed, ...parts].join("\u0000"))
    .digest();
  return digest.readUInt32BE(0);
}

/**
 * A generated externalId, unique to this run variant: the variants of one scenario run side by side on one
 * target, and Entra matches on externalId (§1.4), so a value shared between them would link one variant's
 * user to another's. A 24-hex object id for JumpCloud ([J6]), a v4-shaped UUID otherwise (mailNickname /
 * objectId); deterministic for a pinned seed and run id.
 */
export function variantExternalId(idp: string, seed: number, runPrefix: string, ...parts: string[]): string {
  const h = createHash("sha256")
    .update([seed, runPrefix, ...parts].join("\u0000"))
    .digest("hex");
  if (idp === "jumpcloud") return h.slice(0, 24);
  const variant = (8 + (parseInt(h.charAt(16), 16) % 4)).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Builds the directory state of one scenario variant. */
export function buildDirectory(
  scenario: Scenario,
  options: Record<string, OptionValue>,
  context: { runPrefix: string; seed: number },
): DirectoryState {
  const state = createDirectoryState(context.runPrefix, options);
  const scenarioSeed = scenario.seed ?? context.seed;
  const slug = scenario.id.replace(/[^a-z0-9]+/g, "-").slice(-24);
  for (const [key, fixture] of Object.entries(scenario.given?.users ?? {})) {
    const faker = new Faker({ locale: [en] });
    faker.seed(derivedSeed(scenarioSeed, scenario.id, "user", key));
    const givenName = fixture.givenName ?? faker.person.firstName();
    const familyName = fixture.familyName ?? faker.person.lastName();
    const local = `${context.runPrefix}-${slug}-${key}`.toLowerCase();
    const source: SourceUser = {
      key,
      userName: fixture.userName !== undefined ? `${local}-${fixture.userName}` : `${local}@example.com`,
      externalId:
        fixture.externalId ??
        variantExternalId(scenario.idp, scenarioSeed, context.runPrefix, scenario.id, "user", key),
      givenName,
      familyName,
      displayName: fixture.displayName ?? `${givenName} ${familyName}`,
      email: fixture.email ?? `${local}.mail@example.com`,
      title: fixture.title ?? faker.person.jobTitle(),
      department: fixture.department ?? faker.commerce.department(),
      employeeNumber: fixture.employeeNumber ?? String(faker.number.int({ min: 10000, max: 99999 })),
      phone: fixture.phone ?? faker.string.numeric(11),
      locality: fixture.locality ?? faker.location.city(),
      active: fixture.active ?? true,
      ...(fixture.mobile !== undefined ? { mobile: fixture.mobile } : {}),
      ...(fixture.manager !== undefined ? { manager: fixture.manager } : {}),
    };
    state.addUser({ source });
  }
  for (const [key, fixture] of Object.entries(scenario.given?.groups ?? {})) {
    state.addGroup({
      key,
      displayName: `${context.runPrefix}-${slug}-${fixture.displayName ?? key}`,
      externalId:
        fixture.externalId ??
        variantExternalId(scenario.idp, scenarioSeed, context.runPrefix, scenario.id, "group", key),
      members: fixture.members ?? [],
    });
  }
  return state;
}
