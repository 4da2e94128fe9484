import { readFile } from "node:fs/promises";
import { Ajv } from "ajv";
import { expect, it } from "vitest";
import { ScenarioFileError } from "../errors.ts";
import { parseScenario } from "./load-scenario.ts";
import { SCENARIO_SCHEMA_FILE, scenarioSchemaText } from "./write-scenario-schema.ts";

const valid = `# a comment
id: entra/e2-new-user
title: Initial cycle creates a user
idp: entra
options:
  aadOptscim062020: [false, true]
given:
  users:
    alice: { givenName: Alice }
steps:
  - do: testConnection
    expect: { status: [200] }
  - do: assignUser
    user: alice
`;

const errorOf = (text: string): ScenarioFileError => {
  try {
    parseScenario(text, "bad.yaml");
  } catch (e) {
    if (e instanceof ScenarioFileError) return e;
    throw e;
  }
  throw new Error("expected a ScenarioFileError");
};

it("parses a valid YAML scenario", () => {
  const scenario = parseScenario(valid, "ok.yaml");
  expect(scenario.id).toBe("entra/e2-new-user");
  expect(scenario.steps).toEqual([
    { do: "testConnection", expect: { status: [200] } },
    { do: "assignUser", user: "alice" },
  ]);
});

it("parses JSON files too", () => {
  const json = JSON.stringify({ id: "j/x", title: "t", idp: "jumpcloud", steps: [{ do: "testConnection" }] });
  expect(parseScenario(json, "x.json").idp).toBe("jumpcloud");
});

it("names the pointer and line of an unknown step action", () => {
  const e = errorOf(valid.replace("do: assignUser", "do: assignUsr"));
  expect(e.file).toBe("bad.yaml");
  expect(e.pointer).toBe("/steps/1/do");
  expect(e.line).toBe(13);
  expect(e.reason).toContain('"assignUser"');
  expect(e.message).toMatch(/^bad\.yaml:13: \/steps\/1\/do: /);
});

it("names the field of a wrong type and of an unknown key", () => {
  const wrongType = errorOf(valid.replace("status: [200]", 'status: ["ok"]'));
  expect(wrongType.pointer).toBe("/steps/0/expect/status/0");
  expect(wrongType.line).toBe(12);
  const unknownKey = errorOf(valid.replace("user: alice", "user: alice\n    usr: bob"));
  expect(unknownKey.pointer).toBe("/steps/1");
  expect(unknownKey.reason).toBe('unknown field(s) "usr"');
});

it("rejects a reference to an undeclared fixture, with its line", () => {
  const e = errorOf(valid.replace("user: alice", "user: bob"));
  expect(e.pointer).toBe("/steps/1/user");
  expect(e.line).toBe(14);
  expect(e.reason).toBe('unknown user "bob": declare it under given.users');
});

it("reports YAML syntax errors with their line", () => {
  const e = errorOf("id: x\ntitle: [unclosed\nidp: entra\n");
  expect(e.reason).toMatch(/^not valid YAML\/JSON/);
  expect(e.line).toBeGreaterThanOrEqual(2);
});

it("rejects duplicate keys instead of silently keeping the last", () => {
  const e = errorOf(valid.replace("idp: entra", "idp: entra\nidp: jumpcloud"));
  expect(e.reason).toMatch(/unique|duplicate/i);
});

it("ships a scenario.schema.json identical to the one generated from the loader's schema", async () => {
  expect(await readFile(SCENARIO_SCHEMA_FILE, "utf8")).toBe(scenarioSchemaText());
});

it("lets editors validate with the shipped JSON Schema: valid passes, an unknown action fails", async () => {
  const ajv = new Ajv({ strict: false });
  const validate = ajv.compile(JSON.parse(await readFile(SCENARIO_SCHEMA_FILE, "utf8")) as object);
  const { parse } = await import("yaml");
  expect(validate(parse(valid))).toBe(true);
  expect(validate(parse(valid.replace("do: assignUser", "do: assignUsr")))).toBe(false);
});
