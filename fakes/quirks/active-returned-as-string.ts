/**
 * `active` comes back as the string "true" / "false" (a server that stores it as text). RFC 7643
 * §2.3.2: a boolean is the JSON literal true or false; §4.1.1 declares active boolean.
 */
import { defineQuirk } from "./quirk.ts";
import { mapResponseResources } from "./quirk-helpers.ts";

/** Every User representation carries `active` as a string. */
export const activeReturnedAsString = defineQuirk({
  id: "active-returned-as-string",
  title: 'User active is returned as the string "true"/"false"',
  bugIds: [],
  sources: ["RFC 7643 §2.3.2", "RFC 7643 §4.1.1 (active)"],
  description:
    'Every User the fake returns carries active as the string "true" or "false" instead of the JSON ' +
    "boolean. Requests, stored data and filters are unchanged.",
  hooks: {
    onResponse: (ctx, response) =>
      ctx.route.resourceType !== "User"
        ? response
        : mapResponseResources(response, (resource) =>
            typeof resource["active"] === "boolean"
              ? { ...resource, active: String(resource["active"]) }
              : resource,
          ),
  },
});
