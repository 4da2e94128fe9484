/**
 * The scenario file format, as zod schemas. The TypeScript types, the loader's validation and the
 * editor-facing JSON Schema (`scenarios/scenario.schema.json`, `npm run gen:schema`) all come from here.
 */
import { z } from "zod";

const key = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "a fixture key: a letter, then letters, digits, '_' or '-'")
  .describe("A fixture key declared under `given`.");

/** A user as the IdP's source directory holds it. The IdP model maps it to SCIM with its own mapping. */
export const FixtureUserSchema = z
  .object({
    userName: z
      .string()
      .optional()
      .describe(
        "Defaults to a generated scimh-<runId>-<n>-<scenario>-<key>@example.com; an explicit one is appended to scimh-<runId>-<n>-<scenario>-<key>-.",
      ),
    externalId: z
      .string()
      .optional()
      .describe(
        "The IdP's immutable id (Entra mailNickname/objectId, JumpCloud id). Defaults to a value from the seeded source; an explicit one gets the run prefix (${runPrefix}-<value>), so variants never share it.",
      ),
    givenName: z.string().optional(),
    familyName: z.string().optional(),
    displayName: z
      .string()
      .optional()
      .describe(
        'Defaults to "<givenName> <familyName>"; sent as ${runPrefix}-<value>, unique per run, scenario and variant.',
      ),
    email: z
      .string()
      .optional()
      .describe(
        'Work email. Defaults to a generated scimh-<runId>-…@example.com; an explicit one is sent as ${runPrefix}-<value> (the local part under the variant\'s prefix), so variants never share it. Expectations write it as "${runPrefix}-<value>".',
      ),
    title: z.string().optional(),
    department: z.string().optional(),
    employeeNumber: z.string().optional(),
    phone: z.string().optional().describe("Work phone."),
    mobile: z.string().optional(),
    locality: z.string().optional().describe("Work address locality (city)."),
    manager: key.optional().describe("Fixture key of this user's manager."),
    active: z.boolean().optional().describe("Source account enabled; default true."),
    existsInTarget: z
      .boolean()
      .optional()
      .describe("Create this user on the SP before the scenario starts (brownfield matching, Entra E3)."),
  })
  .strict();

export const FixtureGroupSchema = z
  .object({
    displayName: z
      .string()
      .optional()
      .describe("Sent as scimh-<runId>-<n>-<scenario>-<value>; defaults to the fixture key as value."),
    externalId: z
      .string()
      .optional()
      .describe(
        "Defaults to a value from the seeded source; an explicit one is sent as ${runPrefix}-<value>.",
      ),
    members: z.array(key).optional().describe("Fixture keys of the member users."),
    existsInTarget: z
      .boolean()
      .optional()
      .describe("Create this group on the SP before the scenario starts."),
  })
  .strict();

const filterString = z
  .string()
  .describe(
    "A SCIM filter evaluated on the resource read back, e.g. active eq false. ${runPrefix}, ${users.<key>.id|userName|displayName|externalId}, ${groups.<key>.…} and captures are expanded first.",
  );

export const StateExpectationSchema = z.union([
  z
    .object({
      user: key,
      exists: z.boolean().optional().describe("false: GET /Users/{id} must answer 404."),
      matches: filterString.optional(),
    })
    .strict(),
  z
    .object({
      group: key,
      exists: z.boolean().optional(),
      members: z.array(key).optional().describe("The exact member set, as fixture keys."),
      matches: filterString.optional(),
    })
    .strict(),
]);

export const ExpectationSchema = z
  .object({
    status: z
      .array(z.number().int().min(100).max(599))
      .min(1)
      .optional()
      .describe("Allowed statuses of the step's main exchange."),
    quarantined: z.boolean().optional().describe("Whether the IdP quarantines the app after this step."),
    body: z
      .record(z.string().regex(/^(\/.*)?$/), z.unknown())
      .optional()
      .describe("JSON pointer → expected value in the main response body."),
    schema: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        "A JSON Schema (draft-07) the main response body must satisfy, for what `body`'s exact values cannot say: a value's type, an attribute that must be absent, a timestamp later than an earlier capture. ${var} templates in its strings are expanded first; formats (with formatMinimum/formatMaximum) and $data references are available.",
      ),
    state: z
      .array(StateExpectationSchema)
      .optional()
      .describe("The SP's state afterwards, read back by GET."),
    severity: z
      .enum(["error", "warning"])
      .optional()
      .describe(
        "Severity of this step's unmet expectations (default error). warning where an RFC-correct answer differs from what the IdP needs, or the evidence is grade C/D (idp-behaviour.md §0.1); say why in the step title.",
      ),
  })
  .strict();

const common = {
  title: z.string().optional(),
  expect: ExpectationSchema.optional(),
  capture: z
    .record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/),
      z.string().regex(/^(\/.*)?$|^header:[A-Za-z0-9!#$%&'*+.^_`|~-]+$/),
    )
    .optional()
    .describe(
      "Variable name → what of the main response to keep; use later as ${name}. A JSON pointer (/id, /meta/version) reads the body; header:<Name> reads a response header (the name case-insensitive): header:ETag its value as sent, header:Location the resource id (the URL's last path segment, RFC 7644 §3.1/§3.3).",
    ),
};

const step = <T extends string, S extends z.ZodRawShape>(action: T, description: string, shape: S) =>
  z
    .object({ do: z.literal(action), ...common, ...shape })
    .strict()
    .describe(description);

const userStep = <T extends string>(action: T, description: string) =>
  step(action, description, { user: key });

export const StepSchema = z.discriminatedUnion("do", [
  step("testConnection", "The IdP's Test Connection / activation.", {}),
  userStep("assignUser", "Assign a user: the IdP matches it on the SP and creates it on a miss."),
  step("updateUser", "Change source attributes; the IdP sends its update.", {
    user: key,
    set: FixtureUserSchema.omit({ existsInTarget: true, manager: true })
      .extend({ manager: key.nullable().optional() })
      .describe(
        "Changed source attributes (null manager removes it). A new email, displayName or externalId is sent as ${runPrefix}-<value> like the fixtures'; a new userName as ${runPrefix}-<key>-<value>.",
      ),
  }),
  step("disableUser", "Disable / soft-delete in the IdP.", {
    user: key,
    variant: z
      .string()
      .optional()
      .describe("An IdP-specific wire variant (Entra: a, b, c, d — dossier §1.5.6)."),
  }),
  userStep("enableUser", "Re-enable / restore in the IdP."),
  userStep("unassignUser", "Unassign the user from the app (Entra: disable via update)."),
  userStep("deleteUser", "Hard delete in the IdP."),
  userStep(
    "syncPassword",
    "The user's password changes in the IdP and the IdP pushes it (Okta password sync [O1]); IdPs that do not provision passwords send nothing.",
  ),
  step("assignGroup", "Assign / push a group: lookup, create, add members.", { group: key }),
  step("renameGroup", "Rename a group in the IdP.", { group: key, to: z.string() }),
  step("addMembers", "Add users to a group.", { group: key, users: z.array(key).min(1) }),
  step("removeMembers", "Remove users from a group.", { group: key, users: z.array(key).min(1) }),
  step("deleteGroup", "Delete a group in the IdP.", { group: key }),
  step("disassociateGroup", "Stop managing a group without deleting it (JumpCloud, seed 002).", {
    group: key,
  }),
  step("expireToken", "The SP's token expires (target must support token control).", {}),
  step("rotateToken", "A new token is issued and configured in the IdP; quarantine clears.", {}),
  step("runCycle", "An incremental cycle over everything in scope.", {}),
  step("request", "A raw exchange (escape hatch). ${var} templates are expanded in path and body.", {
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
    path: z.string().startsWith("/"),
    body: z.unknown().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    auth: z.enum(["default", "none", "invalid"]).optional(),
    delayMs: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .optional()
      .describe(
        "Wait this long before sending, so that a change lands later than the timestamps' precision after the one before (a replayed meta.lastModified counterexample).",
      ),
  }),
]);

export const CapabilitySchema = z
  .enum(["users", "groups", "enterpriseUser", "patch", "put", "tokenControl", "etag", "password"])
  .describe("password: the target's User schema declares `password` (or its /Schemas could not be read).");

const optionValue = z.union([z.string(), z.number(), z.boolean()]);

export const ScenarioSchema = z
  .object({
    $schema: z.string().optional(),
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9/._-]*$/, "lower-case letters, digits and / . _ -")
      .describe("Stable id, e.g. entra/e2-new-user."),
    title: z.string().min(1),
    description: z.string().optional(),
    idp: z.enum(["entra", "jumpcloud", "okta"]),
    options: z
      .record(z.string(), z.union([optionValue, z.array(optionValue).min(1)]))
      .optional()
      .describe(
        "IdP model options. An array expands into one variant per value (e.g. aadOptscim062020: [false, true]).",
      ),
    tags: z.array(z.string()).optional().describe("Seed ids, bug ids (B4), evidence tags ([S1])."),
    evidence: z
      .object({ grade: z.enum(["A", "B", "C", "D"]), sources: z.array(z.string()) })
      .strict()
      .optional(),
    inferred: z.boolean().optional().describe("The whole sequence is inferred, not observed (dossier)."),
    appliesTo: z
      .array(CapabilitySchema)
      .optional()
      .describe("Capabilities the target needs; otherwise not applicable."),
    seed: z
      .number()
      .int()
      .optional()
      .describe(
        "Replaces the run seed for this scenario's value source (with the run prefix, scenario id and variant).",
      ),
    given: z
      .object({
        users: z.record(key, FixtureUserSchema).optional(),
        groups: z.record(key, FixtureGroupSchema).optional(),
      })
      .strict()
      .optional(),
    steps: z.array(StepSchema).min(1),
  })
  .strict()
  .meta({
    title: "scim-harness scenario",
    description: "An IdP provisioning sequence replayed against a SCIM target.",
  });

export type FixtureUser = z.infer<typeof FixtureUserSchema>;
export type FixtureGroup = z.infer<typeof FixtureGroupSchema>;
export type StateExpectation = z.infer<typeof StateExpectationSchema>;
export type Expectation = z.infer<typeof ExpectationSchema>;
export type Step = z.infer<typeof StepSchema>;
export type Capability = z.infer<typeof CapabilitySchema>;
export type Scenario = z.infer<typeof ScenarioSchema>;
export type OptionValue = z.infer<typeof optionValue>;

/** The JSON Schema for scenario files, generated from the zod schemas above. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioSchema, { target: "draft-7" }) as Record<string, unknown>;
  return { ...schema, $id: "https://scim-harness.dev/scenario.schema.json" };
}
