/**
 * The fake SP as msw 2 request handlers: the same pipeline, store and rules as the express app, without a
 * port, so IdP-side connector code can be tested with `setupServer(...)` from `msw/node`.
 *
 * @example
 * const { handlers, fake } = createScimHandlers({ baseUrl: "https://sp.test/scim/v2", tokens: { value: "t" } });
 * const server = setupServer(...handlers);
 * server.listen({ onUnhandledRequest: "error" });
 */
import { HttpResponse, delay, http } from "msw";
import type { RequestHandler } from "msw";
import { createFakeServiceProvider } from "../create-fake-service-provider.ts";
import type { FakeServiceProvider, FakeServiceProviderOptions } from "../create-fake-service-provider.ts";
import { serializeBody } from "../core/scim-exchange.ts";

/** Options of `scimHandlers`: where the fake lives, plus either an existing fake or options for a new one. */
export interface ScimHandlersOptions extends FakeServiceProviderOptions {
  /** e.g. "https://sp.test/scim/v2": its origin is intercepted; its path, if any, must be the profile's base path. */
  baseUrl: string;
  /** Serve this fake (shares its store and tokens, e.g. with a supertest app); else one is created. */
  fake?: FakeServiceProvider;
}

/** Handlers plus the fake they serve (for its store, tokens and clock). */
export interface ScimHandlersResult {
  handlers: RequestHandler[];
  fake: FakeServiceProvider;
}

/** Creates msw handlers and returns them with their fake. */
export function createScimHandlers(options: ScimHandlersOptions): ScimHandlersResult {
  const { baseUrl, fake: given, ...fakeOptions } = options;
  const fake = given ?? createFakeServiceProvider(fakeOptions);
  const url = new URL(baseUrl);
  const path = url.pathname.replace(/\/+$/, "");
  if (path !== "" && path !== fake.basePath) {
    throw new TypeError(
      `scimHandlers: baseUrl path "${path}" is not the profile's base path "${fake.basePath}"`,
    );
  }
  const handler = http.all(
    ({ request }) => new URL(request.url).origin === url.origin,
    async ({ request }) => {
      const body = new Uint8Array(await request.arrayBuffer());
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      const response = await fake.handle({
        method: request.method.toUpperCase(),
        url: new URL(request.url),
        headers,
        body,
      });
      if (response.action === "reset") return HttpResponse.error();
      if (response.action === "hang") await delay("infinite");
      const payload = serializeBody(response);
      return new HttpResponse(payload === "" ? null : payload, {
        status: response.status,
        headers: response.headers,
      });
    },
  );
  return { handlers: [handler], fake };
}

/** The msw handlers of a fake SP at `options.baseUrl` (see `createScimHandlers` to reach its store and tokens). */
export function scimHandlers(options: ScimHandlersOptions): RequestHandler[] {
  return createScimHandlers(options).handlers;
}
