/**
 * Shared plumbing of the Entra flows: the flow context and the random-GUID probe Entra sends on Test
 * Connection and at the start of activity (§1.3 [S1] [C1]).
 */
import type { Exchange } from "../../http/exchange.ts";
import { claimMain, groupsPath, usersPath } from "../common/model-flow.ts";
import type { FlowBase } from "../common/model-flow.ts";
import { memoryOf } from "../common/model-memory.ts";
import type { JsonRecord } from "../common/scim-read.ts";
import type { PlannedRequest } from "../idp-model.ts";
import type { EntraOptions } from "./entra-options.ts";
import { entraRequest, groupFilterPath, userFilterPath } from "./entra-requests.ts";
import { ENTRA_RULE, entraSend, readFilterAnswer, report } from "./entra-responses.ts";

/** What every Entra flow needs: the step context, the typed options, users read back in this step. */
export interface EntraFlow extends FlowBase {
  opts: EntraOptions;
  /** Users fetched by GET /Users/{id} in this step, for the manager pass. */
  fetched: Map<string, JsonRecord>;
}

export { claimMain };

/** A generator of one Entra sub-flow that returns whether Entra carries on. */
export type Flow<T = boolean> = Generator<PlannedRequest, T, Exchange>;

/** The `/Users/{id}` and `/Groups/{id}` paths of a target id. */
export { usersPath as userPath, groupsPath as groupPath };

function* probeOne(f: EntraFlow, request: PlannedRequest): Flow {
  const ans = yield* entraSend(f.ctx, request, "filter");
  if (ans === undefined) return false;
  const list = readFilterAnswer(f.ctx, ans);
  if (list === undefined) return false;
  if (list.total !== 0 || list.resources.length !== 0) {
    report(f.ctx, ans.ex, {
      ruleId: ENTRA_RULE.filterMissEmptyList,
      message:
        "A filter on a random GUID must answer 200 with an empty ListResponse [S1]; the target returned resources (is the filter ignored?).",
      expected: { totalResults: 0, Resources: [] },
      actual: { totalResults: list.total, Resources: list.resources.length },
      evidence: ["[S1]", "B9"],
      rfc: "RFC 7644 §3.4.2",
    });
    return false;
  }
  return true;
}

/**
 * The probe: `GET /Users?filter=<first matching attribute> eq "<random GUID>"` expecting 200 with an empty
 * ListResponse (§1.3 [S1] [C1]); with `groupProbe`, the same for a random group (inferred). The GUIDs come
 * from the variant's seeded value source, so a pinned seed sends the same probes.
 * `activity` marks the recurring probe, whose timing is inferred ("at the start of any activity" [C1]).
 */
export function* probe(f: EntraFlow, activity: boolean): Flow {
  memoryOf(f.ctx.state).probedThisCycle = true;
  const attribute = f.opts.matching[0] ?? "userName";
  const userProbe = entraRequest(
    "probe",
    `${activity ? "Activity" : "Test connection"}: random ${attribute} probe`,
    "GET",
    userFilterPath(attribute, f.ctx.state.values.uuid(), f.opts.filterEncoding),
    {
      evidence: ["[S1]", "[C1]", "[S4]"],
      main: claimMain(f, !activity),
      ...(activity ? { inferred: true } : {}),
    },
  );
  if (!(yield* probeOne(f, userProbe))) return false;
  if (!f.opts.groupProbe) return true;
  const groupProbe = entraRequest(
    "probe",
    `${activity ? "Activity" : "Test connection"}: random group probe (inferred)`,
    "GET",
    groupFilterPath(f.ctx.state.values.uuid(), f.opts.filterEncoding),
    { evidence: ["[S1]"], inferred: true },
  );
  return yield* probeOne(f, groupProbe);
}

/** The activity probe, once per cycle when `probeBeforeActivity` is on (inferred ordering, Part 4 item 4). */
export function* probeIfDue(f: EntraFlow): Flow {
  if (!f.opts.probeBeforeActivity || memoryOf(f.ctx.state).probedThisCycle) return true;
  return yield* probe(f, true);
}
