/**
 * Public barrel of contracts/: the RFC 7643/7644 contract suite and the property-based suites.
 * The CLI (`--suite contracts|properties|all`) imports from here.
 */
export { CONTRACT_CHECKS } from "./checks/catalogue.ts";
export { defineCheck, dependenceNote, severityOf, sourceOf } from "./checks/contract-check.ts";
export { CONTRACT_RULES, PROPERTY_RULES, ruleOfCheck, ruleOfProperty, STATUS_OVERRIDE } from "./rules.ts";
export type {
  CheckContext,
  ContractCheck,
  IdpDependence,
  Keyword,
  Problem,
  Requirement,
} from "./checks/contract-check.ts";
export { CleanupRegistry } from "./checks/contract-context.ts";
export type { CleanupSummary, ContractContext, Discovery, Feature } from "./checks/contract-context.ts";
export { contractSuite, matchesGlob, runContractSuite, selectChecks } from "./checks/run-contract-suite.ts";
export type {
  CheckResult,
  CheckStatus,
  ContractSuiteResult,
  RunContractSuiteOptions,
} from "./checks/run-contract-suite.ts";
export {
  PROPERTY_SUITES,
  propertySuite,
  runPropertySuites,
  selectPropertySuites,
} from "./properties/run-property-suites.ts";
export type {
  PropertySuite,
  PropertySuiteOptions,
  RunPropertySuitesOptions,
} from "./properties/run-property-suites.ts";
export { DEFAULT_PROPERTY_TIME_LIMIT_MS, runProperty } from "./properties/run-property.ts";
export type {
  CaseFailure,
  Counterexample,
  PropertyDefinition,
  PropertyRunOptions,
} from "./properties/run-property.ts";
export { runFilterProperty } from "./properties/filter-property.ts";
export { runPatchProperty } from "./properties/patch-property.ts";
export { runStatefulProperty } from "./properties/stateful-property.ts";
export { counterexampleOf, saveCounterexample } from "./properties/counterexample.ts";
export { REQUIREMENTS, requirementsOfCheck } from "./requirements/requirements.ts";
export type { Requirement as RfcRequirement, RequirementFeature } from "./requirements/requirements.ts";
export {
  coverageBySection,
  renderCoverageMarkdown,
  renderCoverageText,
  requirementResults,
  withRequirements,
} from "./requirements/coverage.ts";
export type { SectionCoverage } from "./requirements/coverage.ts";
