/**
 * Reads the inputs of `--baseline` and the waiver file: a previous `report.json` (validated against
 * `reports/report.schema.json`) and `scim-harness.waivers.yaml` (validated, problems reported with line).
 */
import { readFile } from "node:fs/promises";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { LineCounter, isNode, parseDocument } from "yaml";
import { z } from "zod";
import type { RunReport, Waiver } from "../../reports/index.ts";
import reportSchema from "../../reports/report.schema.json" with { type: "json" };
import { ConfigurationError } from "../errors.ts";

/** The waiver file name looked for in the working directory. */
export const DEFAULT_WAIVER_FILE = "scim-harness.waivers.yaml";

// ajv-formats is CommonJS: the default import is module.exports, whose `default` is the plugin.
const addFormats = addFormatsModule.default;
let validateReport: ReturnType<Ajv2020["compile"]> | undefined;

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (cause) {
    throw new ConfigurationError(`cannot read the ${what} ${file}: ${(cause as Error).message}`, { cause });
  }
}

/** Parses and validates a baseline report (a `report.json` written by scim-harness). */
export function parseBaselineReport(text: string, file: string): RunReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new ConfigurationError(`baseline ${file} is not JSON: ${(cause as Error).message}`, { cause });
  }
  if (validateReport === undefined) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    validateReport = ajv.compile(reportSchema);
  }
  if (!validateReport(data)) {
    const problems = (validateReport.errors ?? [])
      .slice(0, 3)
      .map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
    throw new ConfigurationError(
      `baseline ${file} is not a scim-harness report.json: ${problems.join("; ")}`,
    );
  }
  return data as RunReport;
}

/** Reads a baseline report; a missing, non-JSON or foreign file is a ConfigurationError (exit 2). */
export async function loadBaselineReport(file: string): Promise<RunReport> {
  return parseBaselineReport(await readText(file, "baseline report"), file);
}

const dateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD")
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    {
      message: "not a calendar date",
    },
  );

const WaiverSchema = z
  .object({
    rule: z.string().min(1, "rule must not be empty"),
    scenario: z.string().min(1).optional(),
    reason: z.string().trim().min(1, "every waiver needs a reason"),
    expires: dateString.optional(),
  })
  .strict();

const WaiverFileSchema = z.union([
  z.array(WaiverSchema),
  z.object({ waivers: z.array(WaiverSchema) }).strict(),
]);

/**
 * Parses a waiver file: a YAML list of `{ rule, scenario?, reason, expires? }` or `{ waivers: [...] }`.
 * Problems are reported as `file:line: /pointer: reason`; each waiver keeps its line.
 */
export function parseWaivers(text: string, file: string): Waiver[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  const lineAt = (path: readonly PropertyKey[]): number | undefined => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node: unknown = doc.getIn(path.slice(0, depth) as unknown[], true);
      if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    const line = syntax.linePos?.[0]?.line;
    throw new ConfigurationError(
      `${file}${line ? `:${line}` : ""}: not valid YAML: ${syntax.message.split("\n")[0]}`,
    );
  }
  const data: unknown = doc.toJS() ?? [];
  const result = WaiverFileSchema.safeParse(data);
  if (!result.success) {
    // Report the issue of the branch that matches the file's shape (list or { waivers }).
    const listShaped = Array.isArray(data);
    const branch = WaiverFileSchema.options[listShaped ? 0 : 1].safeParse(data);
    const issue = (branch.success ? result.error : branch.error).issues[0]!;
    const pointer = issue.path.map((p) => `/${String(p)}`).join("") || "/";
    const line = lineAt(issue.path);
    const what =
      issue.code === "unrecognized_keys" ? `unknown field(s) ${issue.keys.join(", ")}` : issue.message;
    throw new ConfigurationError(`${file}${line !== undefined ? `:${line}` : ""}: ${pointer}: ${what}`);
  }
  const list = Array.isArray(result.data) ? result.data : result.data.waivers;
  const prefix: PropertyKey[] = Array.isArray(result.data) ? [] : ["waivers"];
  return list.map((w, i) => {
    const line = lineAt([...prefix, i]);
    return {
      rule: w.rule,
      reason: w.reason,
      ...(w.scenario !== undefined ? { scenario: w.scenario } : {}),
      ...(w.expires !== undefined ? { expires: w.expires } : {}),
      ...(line !== undefined ? { line } : {}),
    };
  });
}

/** Reads and validates a waiver file. */
export async function loadWaivers(file: string): Promise<Waiver[]> {
  return parseWaivers(await readText(file, "waiver file"), file);
}
