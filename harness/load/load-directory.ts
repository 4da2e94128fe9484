/**
 * The source directory of one load tenant: N users, M groups and K memberships, every value drawn from the
 * tenant's fork of the run's seeded value source (same seed and run id: same directory, same requests), and
 * every name carrying the tenant's run prefix `scimh-<runId>-t<k>` (unique per run and tenant).
 *
 * One faker for the whole tenant, seeded from the value source, instead of one per fixture as scenarios
 * do: a scenario has a handful of users, a load tenant tens of thousands.
 */
import { Faker, en } from "@faker-js/faker";
import { createDirectoryState, type DirectoryState } from "../idp/directory-state.ts";
import type { OptionValue } from "../scenario/scenario-schema.ts";
import { generatedExternalId } from "../scenario/fixtures.ts";
import type { ValueSource } from "../session/value-source.ts";

export interface LoadDirectorySize {
  users: number;
  groups: number;
  memberships: number;
}

/** Users under one manager in the generated org chart (every user but the first has a manager). */
export const MANAGER_SPAN = 8;

export const userKey = (i: number): string => `u${i}`;
export const groupKey = (g: number): string => `g${g}`;

/** The manager of user `i`: user ⌊(i−1)/8⌋ (an org chart of span 8), none for the first user. */
export function managerOf(i: number): string | undefined {
  return i === 0 ? undefined : userKey(Math.floor((i - 1) / MANAGER_SPAN));
}

/**
 * The members of each group: membership j goes to group j mod M, user (⌊j/M⌋ + g·⌊N/M⌋) mod N, so the groups
 * spread over the users and no group holds a user twice (K ≤ N·M).
 */
export function membershipsOf(size: LoadDirectorySize): string[][] {
  const members: string[][] = Array.from({ length: size.groups }, () => []);
  const stride = size.groups === 0 ? 0 : Math.floor(size.users / size.groups);
  for (let j = 0; j < size.memberships && size.groups > 0; j++) {
    const g = j % size.groups;
    members[g]!.push(userKey((Math.floor(j / size.groups) + g * stride) % size.users));
  }
  return members;
}

/** The tenant's directory: users without their managers yet (the manager pass sets them), groups with members. */
export function buildLoadDirectory(
  size: LoadDirectorySize,
  idp: string,
  options: Record<string, OptionValue>,
  runPrefix: string,
  values: ValueSource,
): DirectoryState {
  const state = createDirectoryState(runPrefix, options, values);
  const faker = new Faker({ locale: [en] });
  faker.seed(values.fork("faker").seed32());
  const ids = values.fork("externalId");
  for (let i = 0; i < size.users; i++) {
    const key = userKey(i);
    const local = `${runPrefix}-${key}`.toLowerCase();
    const givenName = faker.person.firstName();
    const familyName = faker.person.lastName();
    state.addUser({
      source: {
        key,
        userName: `${local}@example.com`,
        externalId: generatedExternalId(idp, ids),
        givenName,
        familyName,
        displayName: `${runPrefix}-${givenName} ${familyName}`,
        email: `${local}.mail@example.com`,
        title: faker.person.jobTitle(),
        department: faker.commerce.department(),
        employeeNumber: String(faker.number.int({ min: 10_000_000, max: 99_999_999 })),
        active: true,
      },
    });
  }
  for (const [g, members] of membershipsOf(size).entries()) {
    state.addGroup({
      key: groupKey(g),
      displayName: `${runPrefix}-group-${g}`,
      externalId: generatedExternalId(idp, ids),
      members,
    });
  }
  return state;
}
