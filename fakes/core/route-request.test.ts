import { expect, it } from "vitest";
import { routeRequest } from "./route-request.ts";
import type { RoutingTable } from "./route-request.ts";

const table: RoutingTable = {
  basePath: "/scim/v2",
  resourceEndpoints: new Map([
    ["users", { resourceType: "User", endpoint: "Users" }],
    ["groups", { resourceType: "Group", endpoint: "Groups" }],
  ]),
  adminEnabled: true,
};

it("maps resource routes to operations", () => {
  expect(routeRequest("GET", "/scim/v2/Users", table)).toMatchObject({
    operation: "list",
    resourceType: "User",
  });
  expect(routeRequest("POST", "/scim/v2/Users", table)).toMatchObject({ operation: "create" });
  expect(routeRequest("PATCH", "/scim/v2/Groups/g%201", table)).toMatchObject({
    operation: "patch",
    resourceType: "Group",
    id: "g 1",
  });
  expect(routeRequest("POST", "/scim/v2/Groups/.search", table)).toMatchObject({
    operation: "search",
    resourceType: "Group",
  });
  expect(routeRequest("POST", "/scim/v2/.search", table)).toMatchObject({
    operation: "search",
    endpoint: ".search",
  });
  expect(routeRequest("DELETE", "/scim/v2/Users/", table)).toMatchObject({
    operation: "unsupported-method",
    allow: ["GET", "POST"],
  });
});

it("keeps the endpoint as sent, for route-case quirks", () => {
  expect(routeRequest("GET", "/scim/v2/users/1", table)).toMatchObject({
    operation: "get",
    endpoint: "Users",
    endpointAsSent: "users",
  });
});

it("maps discovery, bulk, me and admin; everything else is unknown", () => {
  expect(
    routeRequest("GET", "/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", table),
  ).toMatchObject({
    operation: "discovery",
    endpoint: "Schemas",
    id: "urn:ietf:params:scim:schemas:core:2.0:User",
  });
  expect(routeRequest("PUT", "/scim/v2/Bulk", table)).toMatchObject({ operation: "bulk" });
  expect(routeRequest("GET", "/scim/v2/Me", table)).toMatchObject({ operation: "me" });
  expect(routeRequest("GET", "/_admin/state", table)).toMatchObject({
    operation: "admin",
    subPath: "/state",
  });
  expect(routeRequest("GET", "/_admin/state", { ...table, adminEnabled: false })).toMatchObject({
    operation: "unknown",
  });
  expect(routeRequest("GET", "/scim/v2x/Users", table)).toEqual({ operation: "unknown" });
  expect(routeRequest("GET", "/scim/v2/Users/%E0%A4%A", table)).toMatchObject({ operation: "unknown" });
  expect(routeRequest("GET", "/scim/v2/ServiceProviderConfig/x", table)).toMatchObject({
    operation: "unknown",
  });
});
