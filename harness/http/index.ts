/** HTTP client layer: the only part of scim-harness that touches the network. */
export type { HttpIntent, HttpIntentAuth, HttpMethod, QueryStyle } from "./http-intent.ts";
export { scimQuery } from "./http-intent.ts";
export type { Exchange, ExchangeErrorKind, ExchangeRequest, ExchangeResponse } from "./exchange.ts";
export {
  EXCHANGE_ERROR_KINDS,
  REDACTED,
  redactAuthorization,
  redactIntent,
  shellQuote,
  toCurl,
} from "./exchange.ts";
export { classifyTransportError, describeError, interpretResponseBody } from "./classify-transport-error.ts";
export type { ScimClient, ScimClientOptions } from "./scim-client.ts";
export {
  DEFAULT_ACCEPT,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TIMEOUT_MS,
  SCIM_CONTENT_TYPE,
  createScimClient,
} from "./scim-client.ts";
