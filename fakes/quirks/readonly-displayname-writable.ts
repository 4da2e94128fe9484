/**
 * A server that declares the User's displayName readOnly in /Schemas (as `displayname-readonly` does) but
 * still takes the values PATCH sends for it. RFC 7643 §7 readOnly: "The attribute SHALL NOT be
 * modified"; RFC 7644 §3.5.2 answers a PATCH that targets it with 400 mutability, or ignores a readOnly
 * value inside a path-less value.
 */
import { displayNameReadOnly } from "./displayname-readonly.ts";
import { defineQuirk } from "./quirk.ts";

/** displayName declared readOnly, yet PATCH writes it like any readWrite attribute. */
export const readonlyDisplayNameWritable = defineQuirk({
  id: "readonly-displayname-writable",
  title: "User displayName is declared readOnly but PATCH still writes it",
  bugIds: [],
  sources: ["RFC 7643 §7 (mutability readOnly)", "RFC 7644 §3.5.2"],
  description:
    "/Schemas declares the User attribute displayName readOnly (as displayname-readonly does), but the " +
    "fake's PATCH, POST and PUT keep treating it as readWrite: a PATCH that sets displayName, by path or " +
    "in a path-less value, answers 200 and stores the value.",
  hooks: {
    ...(displayNameReadOnly.hooks.onResponse !== undefined
      ? { onResponse: displayNameReadOnly.hooks.onResponse }
      : {}),
  },
});
