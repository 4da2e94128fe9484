import { expect, it } from "vitest";
import { ConfigurationError } from "../errors.ts";
import { targetEnv } from "./start-target.ts";

it("hands the token over in --env: {token} placeholders, KEY=VALUE and KEY copied from the harness", () => {
  const host = { DATABASE_URL: "postgres://db/scim" };
  expect(targetEnv(["API_TOKEN={token}", "MODE=ci=true", "DATABASE_URL"], "s3cret", host)).toEqual({
    env: { API_TOKEN: "s3cret", MODE: "ci=true", DATABASE_URL: "postgres://db/scim" },
    token: "s3cret",
  });
});

it("makes a random token when a value needs one and none was given", () => {
  const a = targetEnv(["SCIM_TOKEN={token}"], undefined, {});
  const b = targetEnv(["SCIM_TOKEN={token}"], undefined, {});
  expect(a.token).toMatch(/^scimh_[A-Za-z0-9_-]{24}$/);
  expect(a.env).toEqual({ SCIM_TOKEN: a.token });
  expect(b.token).not.toBe(a.token);
  expect(targetEnv(["PORT_HINT=1"], undefined, {})).toEqual({ env: { PORT_HINT: "1" }, token: undefined });
});

it("rejects malformed entries and variables the harness does not have", () => {
  expect(() => targetEnv(["=x"], "t", {})).toThrow(ConfigurationError);
  expect(() => targetEnv(["1BAD=x"], "t", {})).toThrow(/expected KEY=VALUE or KEY/);
  expect(() => targetEnv(["MISSING"], "t", {})).toThrow(/--env MISSING: not set/);
});
