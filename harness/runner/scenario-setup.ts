/**
 * Setting up a scenario's `given` on the target (resources that exist before the IdP acts, e.g. a
 * brownfield user Entra must match, E3) and removing everything the scenario created afterwards.
 */
import type { ScenarioResult } from "../../reports/index.ts";
import type { ScimClient } from "../http/scim-client.ts";
import type { DirectoryState } from "../idp/directory-state.ts";
import type { Scenario } from "../scenario/scenario-schema.ts";
import { SCHEMA_GROUP, SCHEMA_USER } from "../scim/schemas.ts";

export interface SeededResource {
  kind: "Users" | "Groups";
  id: string;
}

const idOf = (body: unknown): string | undefined => {
  const id = (body as { id?: unknown } | undefined)?.id;
  return typeof id === "string" && id.length > 0 ? id : undefined;
};

/** Creates the `existsInTarget` fixtures through the SCIM API with plain RFC 7643 bodies. */
export async function seedGiven(
  state: DirectoryState,
  client: ScimClient,
  scenario: Scenario,
): Promise<{ seeded: SeededResource[]; error?: string }> {
  const seeded: SeededResource[] = [];
  for (const [key, fixture] of Object.entries(scenario.given?.users ?? {})) {
    if (fixture.existsInTarget !== true) continue;
    const user = state.users.get(key)!.source;
    const exchange = await client.send({
      label: `given: user ${key} exists on the target`,
      method: "POST",
      path: "/Users",
      body: {
        schemas: [SCHEMA_USER],
        userName: user.userName,
        name: { givenName: user.givenName, familyName: user.familyName },
        displayName: user.displayName,
        emails: [{ value: user.email, type: "work", primary: true }],
        active: true,
      },
    });
    const id = idOf(exchange.response?.body);
    if (exchange.response?.status !== 201 || id === undefined) {
      return {
        seeded,
        error: `setting up given user ${key}: POST /Users answered ${exchange.response?.status ?? exchange.error?.kind}`,
      };
    }
    seeded.push({ kind: "Users", id });
  }
  for (const [key, fixture] of Object.entries(scenario.given?.groups ?? {})) {
    if (fixture.existsInTarget !== true) continue;
    const group = state.groups.get(key)!;
    const exchange = await client.send({
      label: `given: group ${key} exists on the target`,
      method: "POST",
      path: "/Groups",
      body: { schemas: [SCHEMA_GROUP], displayName: group.displayName },
    });
    const id = idOf(exchange.response?.body);
    if (exchange.response?.status !== 201 || id === undefined) {
      return {
        seeded,
        error: `setting up given group ${key}: POST /Groups answered ${exchange.response?.status ?? exchange.error?.kind}`,
      };
    }
    seeded.push({ kind: "Groups", id });
  }
  return { seeded };
}

/** Every group and user the scenario created or seeded and still knows on the target, groups first. */
export function scenarioResources(state: DirectoryState, seeded: SeededResource[]): SeededResource[] {
  const targets = new Map<string, SeededResource>();
  for (const g of state.groups.values())
    if (g.targetId !== undefined) targets.set(`Groups/${g.targetId}`, { kind: "Groups", id: g.targetId });
  for (const s of seeded.filter((r) => r.kind === "Groups")) targets.set(`Groups/${s.id}`, s);
  for (const u of state.users.values())
    if (u.targetId !== undefined) targets.set(`Users/${u.targetId}`, { kind: "Users", id: u.targetId });
  for (const s of seeded.filter((r) => r.kind === "Users")) targets.set(`Users/${s.id}`, s);
  return [...targets.values()];
}

/** Deletes every group and user the scenario created or seeded (best effort, recorded in the report). */
export async function cleanupScenario(
  state: DirectoryState,
  client: ScimClient,
  seeded: SeededResource[],
): Promise<NonNullable<ScenarioResult["cleanup"]>> {
  const summary = { attempted: 0, deleted: 0, failures: [] as string[] };
  for (const { kind, id } of scenarioResources(state, seeded)) {
    summary.attempted++;
    const exchange = await client.send({
      label: `cleanup: delete ${kind}/${id}`,
      method: "DELETE",
      path: `/${kind}/${encodeURIComponent(id)}`,
      auth: "default",
    });
    const status = exchange.response?.status;
    if (status !== undefined && (status < 300 || status === 404)) summary.deleted++;
    else summary.failures.push(`DELETE /${kind}/${id}: ${status ?? exchange.error?.kind}`);
  }
  return summary;
}
