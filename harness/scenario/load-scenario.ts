/**
 * Reads a scenario file (YAML or JSON), validates it against the scenario schema and reports the first
 * problems with file, JSON pointer and line. A malformed file never affects other files.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { LineCounter, parseDocument, isNode, type Node as YamlNode } from "yaml";
import type { z } from "zod";
import { ScenarioFileError } from "../errors.ts";
import { semanticProblem } from "./check-scenario-semantics.ts";
import { ScenarioSchema, type Scenario } from "./scenario-schema.ts";

/** A validated scenario and where it came from. */
export interface LoadedScenario {
  scenario: Scenario;
  file: string;
}

const toPointer = (path: readonly PropertyKey[]): string =>
  path.map((p) => "/" + String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("");

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys")
    return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  if (issue.code === "invalid_union" && "discriminator" in issue && issue.discriminator !== undefined) {
    const options = (issue as { options?: unknown[] }).options ?? [];
    return `"${String(issue.discriminator)}" must be one of ${options.map((o) => JSON.stringify(o)).join(", ")}`;
  }
  return issue.message;
}

/** The line of the deepest YAML node that exists on the issue's path. */
function lineOf(
  doc: ReturnType<typeof parseDocument>,
  counter: LineCounter,
  path: readonly PropertyKey[],
): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node: unknown = doc.getIn(path.slice(0, depth) as unknown[], true);
    if (isNode(node) && (node as YamlNode).range) {
      return counter.linePos((node as YamlNode).range![0]).line;
    }
  }
  return undefined;
}

/**
 * Parses and validates scenario text. Throws `ScenarioFileError` naming the file, the JSON pointer, the
 * line and the reason; at most the first 5 schema problems are listed.
 */
export function parseScenario(
  text: string,
  file: string,
  /** `options: false`: the run uses another IdP model than the file's `idp` (tests inject one), so skip its options. */
  check: { options?: boolean } = {},
): Scenario {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    const line = syntax.linePos?.[0]?.line;
    throw new ScenarioFileError(file, "", `not valid YAML/JSON: ${syntax.message.split("\n")[0]}`, line);
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const result = ScenarioSchema.safeParse(data);
  if (result.success) {
    checkReferences(result.data, file, doc, counter);
    const problem = semanticProblem(result.data, check); // what run would reject or misread
    if (problem !== undefined)
      throw new ScenarioFileError(
        file,
        toPointer(problem.path),
        problem.reason,
        lineOf(doc, counter, problem.path),
      );
    return result.data;
  }
  const issues = result.error.issues.slice(0, 5);
  const first = issues[0]!;
  const lines = issues.map((i) => {
    const line = lineOf(doc, counter, i.path);
    return `${toPointer(i.path) || "/"}${line !== undefined ? ` (line ${line})` : ""}: ${describeIssue(i)}`;
  });
  const more =
    result.error.issues.length > issues.length
      ? `\n  … and ${result.error.issues.length - issues.length} more`
      : "";
  throw new ScenarioFileError(
    file,
    toPointer(first.path),
    issues.length === 1 ? describeIssue(first) : `${issues.length} problems:\n  ${lines.join("\n  ")}${more}`,
    lineOf(doc, counter, first.path),
  );
}

/** Every fixture key a step or fixture uses must be declared under `given`. */
function checkReferences(
  scenario: Scenario,
  file: string,
  doc: ReturnType<typeof parseDocument>,
  counter: LineCounter,
): void {
  const users = new Set(Object.keys(scenario.given?.users ?? {}));
  const groups = new Set(Object.keys(scenario.given?.groups ?? {}));
  const fail = (path: (string | number)[], reason: string): never => {
    throw new ScenarioFileError(file, toPointer(path), reason, lineOf(doc, counter, path));
  };
  const needUser = (k: string, path: (string | number)[]) => {
    if (!users.has(k)) fail(path, `unknown user "${k}": declare it under given.users`);
  };
  const needGroup = (k: string, path: (string | number)[]) => {
    if (!groups.has(k)) fail(path, `unknown group "${k}": declare it under given.groups`);
  };
  for (const [k, user] of Object.entries(scenario.given?.users ?? {})) {
    if (user.manager !== undefined) needUser(user.manager, ["given", "users", k, "manager"]);
  }
  for (const [k, group] of Object.entries(scenario.given?.groups ?? {})) {
    (group.members ?? []).forEach((m, i) => needUser(m, ["given", "groups", k, "members", i]));
  }
  scenario.steps.forEach((step, index) => {
    const at = (...rest: (string | number)[]) => ["steps", index, ...rest];
    if ("user" in step) needUser(step.user, at("user"));
    if ("group" in step) needGroup(step.group, at("group"));
    if ("users" in step) step.users.forEach((u, i) => needUser(u, at("users", i)));
    if (step.do === "updateUser" && typeof step.set.manager === "string")
      needUser(step.set.manager, at("set", "manager"));
    (step.expect?.state ?? []).forEach((s, i) => {
      if ("user" in s) needUser(s.user, at("expect", "state", i, "user"));
      else {
        needGroup(s.group, at("expect", "state", i, "group"));
        (s.members ?? []).forEach((m, j) => needUser(m, at("expect", "state", i, "members", j)));
      }
    });
  });
}

/** Reads and validates one scenario file. */
export async function loadScenario(file: string): Promise<LoadedScenario> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new ScenarioFileError(file, "", `cannot read file: ${(cause as Error).message}`, undefined, {
      cause,
    });
  }
  return { scenario: parseScenario(text, file), file };
}

/** Synchronous `loadScenario`, for test collection (vitest `describe` bodies). */
export function loadScenarioSync(file: string): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new ScenarioFileError(file, "", `cannot read file: ${(cause as Error).message}`, undefined, {
      cause,
    });
  }
  return { scenario: parseScenario(text, file), file };
}
