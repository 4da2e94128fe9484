/**
 * Test support, for model tests only: drives an IdP model's StepPlan with canned answers instead of a server, and
 * collects the wire traffic, findings, notes and quarantine, so a test can assert the exact requests of a flow.
 */
import type { Exchange, ExchangeErrorKind } from "../http/exchange.ts";
import type { OptionValue } from "../scenario/scenario-schema.ts";
import { createDirectoryState } from "./directory-state.ts";
import type { DirectoryState, Quarantine, SourceUser } from "./directory-state.ts";
import { drivePlan as drive, stepContext } from "./drive-plan.ts";
import type { IdpModel, ModelFinding, ModelStep, PlannedRequest } from "./idp-model.ts";
import { completeDraft } from "../rules/index.ts";
import type { CompletedDraft } from "../rules/index.ts";

/** Answers one planned request; `index` counts requests of this drive from 0. */
export type Responder = (request: PlannedRequest, index: number) => Partial<Exchange>;

/** What one driven step produced. */
export interface DrivenStep {
  requests: PlannedRequest[];
  exchanges: Exchange[];
  /** The model's findings with title and severity from the rule catalogue, as the runner reports them. */
  findings: CompletedDraft[];
  notes: string[];
  quarantine?: Quarantine;
}

/** A JSON answer with `Content-Type: application/scim+json` (or the given headers). */
export function reply(status: number, body?: unknown, headers?: Record<string, string>): Partial<Exchange> {
  const bodyText = body === undefined ? "" : JSON.stringify(body);
  return {
    response: {
      status,
      headers: headers ?? (body === undefined ? {} : { "content-type": "application/scim+json" }),
      bodyText,
      ...(body === undefined ? {} : { body }),
    },
  };
}

/** A transport failure (no response), e.g. `"timeout"`. */
export function transportError(kind: ExchangeErrorKind): Partial<Exchange> {
  return { error: { kind, message: `simulated ${kind}` } };
}

/** A ListResponse body (RFC 7644 §3.4.2) holding `resources`. */
export function listResponse(resources: unknown[]): Record<string, unknown> {
  return {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

const BASE = "https://sp.example.test/scim/v2";

/**
 * Drives one step through the shared driver (`drive-plan.ts`) with canned answers; throws when a plan sends
 * more than `maxRequests` requests (a runaway loop).
 */
export function drivePlan(
  model: IdpModel,
  step: ModelStep,
  state: DirectoryState,
  responder: Responder,
  maxRequests = 200,
): DrivenStep {
  const driven: DrivenStep = { requests: [], exchanges: [], findings: [], notes: [] };
  const raw: { findings: ModelFinding[]; notes: string[] } = { findings: [], notes: driven.notes };
  const plan = model.plan(step, stepContext(state, raw));
  const answer = (request: PlannedRequest): Exchange => {
    const index = driven.requests.length;
    driven.requests.push(request);
    return {
      id: `x${index + 1}`,
      label: request.label,
      startedAt: "2026-01-01T00:00:00.000Z",
      durationMs: 1,
      request: {
        method: request.method,
        url: `${BASE}${request.path}`,
        headers: { ...request.headers },
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      },
      intent: request,
      ...responder(request, index),
    };
  };
  const sent = drive(plan, answer, { maxRequests });
  driven.exchanges = sent.map((s) => s.exchange);
  driven.findings = raw.findings.map(completeDraft);
  if (state.quarantined !== undefined) driven.quarantine = { ...state.quarantined };
  return driven;
}

/** A source user with every field filled from its key, overridable. */
export function sourceUser(key: string, overrides: Partial<SourceUser> = {}): SourceUser {
  return {
    key,
    userName: `${key}@contoso.com`,
    externalId: key,
    givenName: `${key}-given`,
    familyName: `${key}-family`,
    displayName: `${key} display`,
    email: `${key}.mail@contoso.com`,
    active: true,
    ...overrides,
  };
}

/** A directory state for tests: users and groups by key, with resolved model options. */
export function testState(
  model: IdpModel,
  options: Record<string, OptionValue>,
  fixtures: {
    users?: Record<string, Partial<SourceUser> & { targetId?: string; assigned?: boolean }>;
    groups?: Record<
      string,
      { displayName?: string; externalId?: string; members?: string[]; targetId?: string; assigned?: boolean }
    >;
  } = {},
): DirectoryState {
  const state = createDirectoryState("scimh-test", model.resolveOptions(options));
  for (const [key, fixture] of Object.entries(fixtures.users ?? {})) {
    const { targetId, assigned, ...overrides } = fixture;
    state.addUser({
      source: sourceUser(key, overrides),
      ...(assigned !== undefined ? { assigned } : {}),
      ...(targetId !== undefined ? { targetId } : {}),
    });
  }
  for (const [key, fixture] of Object.entries(fixtures.groups ?? {})) {
    state.addGroup({
      key,
      displayName: fixture.displayName ?? key,
      externalId: fixture.externalId ?? `${key}-ext`,
      members: fixture.members ?? [],
      ...(fixture.assigned !== undefined ? { assigned: fixture.assigned } : {}),
      ...(fixture.targetId !== undefined ? { targetId: fixture.targetId } : {}),
    });
  }
  return state;
}
