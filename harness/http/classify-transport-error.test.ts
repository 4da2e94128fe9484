import { expect, it } from "vitest";
import { classifyTransportError, describeError, interpretResponseBody } from "./classify-transport-error.ts";

const coded = (code: string, message = code, cause?: unknown) =>
  Object.assign(new Error(message, cause === undefined ? undefined : { cause }), { code });

it("maps undici and Node error codes to kinds", () => {
  expect(classifyTransportError(coded("ECONNRESET"))).toBe("connectionReset");
  expect(classifyTransportError(coded("UND_ERR_SOCKET"))).toBe("connectionReset");
  expect(classifyTransportError(coded("ECONNREFUSED"))).toBe("connectionRefused");
  expect(classifyTransportError(coded("ENOTFOUND"))).toBe("dns");
  expect(classifyTransportError(coded("EAI_AGAIN"))).toBe("dns");
  expect(classifyTransportError(coded("UND_ERR_HEADERS_TIMEOUT"))).toBe("timeout");
  expect(classifyTransportError(coded("UND_ERR_BODY_TIMEOUT"))).toBe("timeout");
  expect(classifyTransportError(coded("UND_ERR_CONNECT_TIMEOUT"))).toBe("timeout");
  expect(classifyTransportError(coded("ABORT_ERR"))).toBe("timeout");
  expect(classifyTransportError(coded("CERT_HAS_EXPIRED"))).toBe("tls");
  expect(classifyTransportError(coded("DEPTH_ZERO_SELF_SIGNED_CERT"))).toBe("tls");
  expect(classifyTransportError(coded("ERR_TLS_CERT_ALTNAME_INVALID"))).toBe("tls");
  expect(classifyTransportError(coded("UNABLE_TO_VERIFY_LEAF_SIGNATURE"))).toBe("tls");
  expect(classifyTransportError(coded("HPE_INVALID_CONSTANT"))).toBe("other");
  expect(classifyTransportError(new Error("plain"))).toBe("other");
  expect(classifyTransportError("a string")).toBe("other");
});

it("looks through causes and AggregateError, and lets the client's own deadline win", () => {
  expect(classifyTransportError(new Error("fetch failed", { cause: coded("ECONNREFUSED") }))).toBe(
    "connectionRefused",
  );
  const happyEyeballs = new AggregateError([coded("ECONNREFUSED"), coded("ECONNREFUSED")], "connect");
  expect(classifyTransportError(happyEyeballs)).toBe("connectionRefused");
  expect(classifyTransportError(coded("ECONNRESET"), true)).toBe("timeout");
  const abort = Object.assign(new Error("This operation was aborted"), { name: "TimeoutError" });
  expect(classifyTransportError(abort)).toBe("timeout");
});

it("describes an error with its codes and causes on one line", () => {
  const error = coded("UND_ERR_SOCKET", "other side\nclosed", coded("ECONNRESET", "read ECONNRESET"));
  expect(describeError(error)).toBe("other side closed (UND_ERR_SOCKET): read ECONNRESET (ECONNRESET)");
  expect(describeError(42)).toBe("42");
});

it("parses JSON bodies of any status without an error", () => {
  expect(interpretResponseBody({ status: 409, headers: {}, bodyText: '{"status":"409"}' })).toEqual({
    body: { status: "409" },
  });
  expect(interpretResponseBody({ status: 404, headers: {}, bodyText: "" })).toEqual({});
});

it("flags HTML by content type or by markup, and other non-JSON as invalidJson", () => {
  const byType = interpretResponseBody({
    status: 403,
    headers: { "content-type": "text/html" },
    bodyText: "Nope",
  });
  expect(byType.error?.kind).toBe("htmlBody");
  const byMarkup = interpretResponseBody({ status: 502, headers: {}, bodyText: "  <html><body>Bad gateway" });
  expect(byMarkup.error?.kind).toBe("htmlBody");
  const text = interpretResponseBody({
    status: 200,
    headers: { "content-type": "text/plain" },
    bodyText: "OK",
  });
  expect(text.error?.kind).toBe("invalidJson");
  expect(text.body).toBeUndefined();
});

it("flags empty 200/201 bodies but accepts a 204 with any body", () => {
  expect(interpretResponseBody({ status: 201, headers: {}, bodyText: "" }).error?.kind).toBe("emptyBody");
  expect(interpretResponseBody({ status: 200, headers: {}, bodyText: " \n" }).error?.kind).toBe("emptyBody");
  expect(interpretResponseBody({ status: 204, headers: {}, bodyText: "" })).toEqual({});
  expect(interpretResponseBody({ status: 204, headers: {}, bodyText: "deleted" })).toEqual({});
});

it("flags a truncated body as bodyTooLarge without parsing it", () => {
  const result = interpretResponseBody({ status: 200, headers: {}, bodyText: "[1,2", truncated: true });
  expect(result.error?.kind).toBe("bodyTooLarge");
  expect(result.body).toBeUndefined();
});
