/**
 * Turns a scenario's `given` into the IdP's source directory. Every value a fixture leaves out comes from
 * the variant's seeded value source (`DirectoryState.values`: run seed, run prefix, scenario id, variant
 * name), names through faker seeded from it, so a pinned seed and run id give identical requests. Every
 * value a run creates on the target is unique per run, scenario and variant: userNames and group
 * displayNames carry `scimh-<runId>-<n>-<scenario>-<key>`, and explicit emails, user displayNames and
 * externalIds get the variant's run prefix (`alice@example.com` → `scimh-<runId>-<n>-alice@example.com`),
 * so variants running side by side never collide on a server that keeps them unique.
 */
import { Faker, en } from "@faker-js/faker";
import { runScoped } from "../idp/common/source-directory.ts";
import { createDirectoryState, type DirectoryState, type SourceUser } from "../idp/directory-state.ts";
import type { ValueSource } from "../session/value-source.ts";
import { createValueSource } from "../session/value-source.ts";
import type { OptionValue, Scenario, Step } from "./scenario-schema.ts";

/**
 * A generated externalId: a 24-hex object id for JumpCloud ([J6]), a v4-shaped UUID otherwise (Entra's
 * mailNickname / objectId). Drawn from the variant's source, so it differs between the variants of one
 * scenario run side by side: Entra matches on externalId (§1.4), and a shared value would link one
 * variant's user to another's.
 */
export function generatedExternalId(idp: string, values: ValueSource): string {
  return idp === "jumpcloud" ? values.hex(24) : values.uuid();
}

/** Builds the directory state of one scenario variant. */
export function buildDirectory(
  scenario: Scenario,
  options: Record<string, OptionValue>,
  context: { runPrefix: string; seed: number; variant?: string },
): DirectoryState {
  const values = createValueSource(
    scenario.seed ?? context.seed,
    context.runPrefix,
    scenario.id,
    context.variant ?? "",
  );
  const state = createDirectoryState(context.runPrefix, options, values);
  const scoped = (value: string) => runScoped(state, value);
  const slug = scenario.id.replace(/[^a-z0-9]+/g, "-").slice(-24);
  for (const [key, fixture] of Object.entries(scenario.given?.users ?? {})) {
    const userValues = values.fork("user", key);
    const faker = new Faker({ locale: [en] });
    faker.seed(userValues.seed32());
    const givenName = fixture.givenName ?? faker.person.firstName();
    const familyName = fixture.familyName ?? faker.person.lastName();
    const local = `${context.runPrefix}-${slug}-${key}`.toLowerCase();
    const source: SourceUser = {
      key,
      userName: fixture.userName !== undefined ? `${local}-${fixture.userName}` : `${local}@example.com`,
      externalId:
        fixture.externalId !== undefined
          ? scoped(fixture.externalId)
          : generatedExternalId(scenario.idp, userValues.fork("externalId")),
      givenName,
      familyName,
      displayName: scoped(fixture.displayName ?? `${givenName} ${familyName}`),
      email: fixture.email !== undefined ? scoped(fixture.email) : `${local}.mail@example.com`,
      title: fixture.title ?? faker.person.jobTitle(),
      department: fixture.department ?? faker.commerce.department(),
      employeeNumber:
        fixture.employeeNumber ?? String(faker.number.int({ min: 10_000_000, max: 99_999_999 })),
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
        fixture.externalId !== undefined
          ? scoped(fixture.externalId)
          : generatedExternalId(scenario.idp, values.fork("group", key, "externalId")),
      members: fixture.members ?? [],
    });
  }
  return state;
}

/** Values of an `updateUser` step that must stay unique per run, scenario and variant, like the fixtures'. */
const SCOPED_CHANGES = ["email", "displayName", "externalId"] as const;

/**
 * The step as the IdP model receives it: an `updateUser` step's explicit email, displayName and externalId
 * get the variant's run prefix, like the fixtures' (the models themselves prefix a new userName). Other
 * steps are returned unchanged.
 */
export function scopedStep<S extends Step>(step: S, state: DirectoryState): S {
  if (step.do !== "updateUser") return step;
  const set = { ...step.set };
  for (const name of SCOPED_CHANGES) {
    const value = set[name];
    if (value !== undefined) set[name] = runScoped(state, value);
  }
  return { ...step, set };
}
