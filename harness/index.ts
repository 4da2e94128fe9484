/**
 * The public API of scim-harness (library use). The vitest helper lives apart, in
 * `harness/vitest/describe-scim-target.ts`, because it imports vitest.
 */

/* Running scenarios */
export { runScenarios, type RunScenariosOptions } from "./runner/run-suite.ts";
export type { Reporter } from "./runner/run-events.ts";
export {
  loadScenario,
  loadScenarioSync,
  parseScenario,
  type LoadedScenario,
} from "./scenario/load-scenario.ts";
export { expandVariants, type ScenarioVariant } from "./scenario/expand-variants.ts";
export { findScenarios, DEFAULT_SCENARIO_DIR, type ScenarioSelection } from "./scenario/find-scenarios.ts";
export type { Scenario, Step, Expectation, Capability } from "./scenario/scenario-schema.ts";

/* Targets */
export type { ScimTarget, StartedScimTarget, TokenControls } from "./targets/scim-target.ts";
export { UrlTarget } from "./targets/url-target.ts";
export { AppTarget } from "./targets/app-target.ts";
export { FakeTarget } from "./targets/fake-target.ts";
export { resolveTarget } from "./targets/resolve-target.ts";
export { ContainerTarget } from "./targets/docker/container-target.ts";
export { DockerfileTarget } from "./targets/docker/dockerfile-target.ts";
export { CommandTarget } from "./targets/command-target.ts";
export { fakeSpContainer } from "./targets/docker/fake-sp-container.ts";
export { buildFakeSpImage, FAKE_SP_IMAGE } from "./targets/docker/fake-image.ts";
export { reapOrphanContainers } from "./targets/docker/reaper.ts";

/* IdP models and HTTP */
export { getIdpModel, IDP_NAMES, type IdpName } from "./idp/index.ts";
export type { IdpModel, PlannedRequest, StepContext, StepPlan } from "./idp/idp-model.ts";
export { createScimClient, type ScimClient, type ScimClientOptions } from "./http/scim-client.ts";
export { toCurl, type Exchange } from "./http/exchange.ts";
export type { HttpIntent } from "./http/http-intent.ts";

/* Errors */
export {
  HarnessError,
  ScenarioFileError,
  TargetStartError,
  ConfigurationError,
  PreflightError,
  isHarnessError,
  type PreflightProblem,
} from "./errors.ts";

/* The pure SCIM core */
export { parseFilter, parseAttrPath, parsePatchPath } from "./scim/filter-parser.ts";
export { printFilter, printPatchPath } from "./scim/filter-print.ts";
export { evaluateFilter } from "./scim/filter-evaluate.ts";
export { applyPatch, type PatchResult } from "./scim/patch-apply.ts";
export { projectResource } from "./scim/projection.ts";
export { ScimError, isScimError, parseErrorBody } from "./scim/scim-error.ts";
export * from "./scim/schemas.ts";
export type { FilterNode, AttrPath, PatchPath } from "./scim/filter-ast.ts";
