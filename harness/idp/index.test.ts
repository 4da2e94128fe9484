import { expect, it } from "vitest";
import { ConfigurationError } from "../errors.ts";
import { getIdpModel, IDP_NAMES } from "./index.ts";
import type { IdpName } from "./index.ts";

it("getIdpModel returns the model of each known IdP, named after it", () => {
  expect(IDP_NAMES).toEqual(["entra", "jumpcloud", "okta"]);
  expect(getIdpModel("entra").name).toBe("entra");
  expect(getIdpModel("jumpcloud").name).toBe("jumpcloud");
  expect(getIdpModel("okta").name).toBe("okta");
});

it("getIdpModel rejects an unknown name with a ConfigurationError", () => {
  expect(() => getIdpModel("onelogin" as IdpName)).toThrow(ConfigurationError);
});
