/** IdP models by name: Microsoft Entra ID (dossier Part 1), JumpCloud (Part 2) and Okta (okta/EVIDENCE.md). */
import { ConfigurationError } from "../errors.ts";
import { entraModel } from "./entra/entra-model.ts";
import type { IdpModel } from "./idp-model.ts";
import { jumpCloudModel } from "./jumpcloud/jumpcloud-model.ts";
import { oktaModel } from "./okta/okta-model.ts";

export type * from "./idp-model.ts";

/** The names `getIdpModel` knows. */
export type IdpName = "entra" | "jumpcloud" | "okta";

/** The IdP names, for listings and CLI validation. */
export const IDP_NAMES: readonly IdpName[] = ["entra", "jumpcloud", "okta"];

const MODELS: Record<IdpName, IdpModel> = {
  entra: entraModel,
  jumpcloud: jumpCloudModel,
  okta: oktaModel,
};

/** The model of an IdP; throws ConfigurationError for a name it does not know. */
export function getIdpModel(name: IdpName): IdpModel {
  const model = (MODELS as Record<string, IdpModel | undefined>)[name];
  if (model === undefined) {
    throw new ConfigurationError(
      `no IdP model named ${JSON.stringify(name)} (known: ${IDP_NAMES.join(", ")})`,
    );
  }
  return model;
}
