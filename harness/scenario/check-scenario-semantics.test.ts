import { expect, it } from "vitest";
import { ScenarioFileError } from "../errors.ts";
import { parseScenario } from "./load-scenario.ts";

const head = (idp = "entra") => `id: t/sem\ntitle: semantics\nidp: ${idp}\n`;
const given = "given:\n  users:\n    alice: {}\n";

/** The ScenarioFileError `parseScenario` throws for the text. */
function error(text: string): ScenarioFileError {
  let thrown: unknown;
  try {
    parseScenario(text, "sem.yaml");
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ScenarioFileError);
  return thrown as ScenarioFileError;
}

it("an option value the IdP model does not have: file, pointer and line", () => {
  const e = error(
    `${head()}options:\n  disableVariant: e\n${given}steps:\n  - do: assignUser\n    user: alice\n`,
  );
  expect([e.pointer, e.line]).toEqual(["/options/disableVariant", 5]);
  expect(e.message).toMatch(
    /^sem\.yaml:5: \/options\/disableVariant: entra option disableVariant: expected one of /,
  );
});

it("an option the model does not know, and a bad value in a variant list, point at themselves", () => {
  expect(
    error(`${head()}options:\n  noSuchOption: true\n${given}steps:\n  - do: assignUser\n    user: alice\n`)
      .pointer,
  ).toBe("/options/noSuchOption");
  const e = error(
    `${head()}options:\n  disableVariant: [a, z]\n${given}steps:\n  - do: assignUser\n    user: alice\n`,
  );
  expect(e.pointer).toBe("/options/disableVariant/1");
});

it("a disableUser variant the IdP does not know", () => {
  const e = error(
    `${head("jumpcloud")}${given}steps:\n  - do: disableUser\n    user: alice\n    variant: post\n`,
  );
  expect([e.pointer, e.line]).toEqual(["/steps/0/variant", 10]);
});

it("a matches: filter that does not parse is a file error, not an SP failure", () => {
  const e = error(
    `${head()}${given}steps:\n  - do: assignUser\n    user: alice\n    expect:\n      state:\n        - user: alice\n          matches: "active eq"\n`,
  );
  expect(e.pointer).toBe("/steps/0/expect/state/0/matches");
  expect(e.line).toBe(13);
  expect(e.message).toContain("does not parse");
});

it("templated filters parse with their placeholders, quoted or not", () => {
  const text = `${head()}${given}steps:\n  - do: assignUser\n    user: alice\n    capture: { uid: /id }\n    expect:\n      state:\n        - user: alice\n          matches: 'userName eq "\${runPrefix}-x" and id eq \${uid} and externalId eq "\${users.alice.externalId}"'\n`;
  expect(parseScenario(text, "ok.yaml").steps).toHaveLength(1);
});

it("a capture used before any step sets it, and an undeclared user in a template", () => {
  const early = error(
    `${head()}${given}steps:\n  - do: request\n    method: GET\n    path: /Users/\${later}\n  - do: request\n    method: GET\n    path: /Users\n    capture: { later: /id }\n`,
  );
  expect(early.pointer).toBe("/steps/0/path");
  expect(early.message).toMatch(/\$\{later\} is never set before it is used/);
  const stranger = error(
    `${head()}${given}steps:\n  - do: request\n    method: GET\n    path: /Users/\${users.bob.id}\n`,
  );
  expect(stranger.message).toMatch(/unknown user "bob"/);
  // set by an earlier step: fine
  const ok = `${head()}${given}steps:\n  - do: request\n    method: GET\n    path: /Users\n    capture: { first: /id }\n  - do: request\n    method: GET\n    path: /Users/\${first}\n`;
  expect(parseScenario(ok, "ok.yaml").steps).toHaveLength(2);
});
