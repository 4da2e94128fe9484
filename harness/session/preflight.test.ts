import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeServiceProvider, type ListeningFake } from "../../fakes/create-fake-service-provider.ts";
import { PreflightError } from "../errors.ts";
import { candidateBaseUrls, preflight } from "./preflight.ts";

const TOKEN = "preflight-secret-0b7c";
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function fake(quirks: string[] = []): Promise<ListeningFake> {
  const listening = await createFakeServiceProvider({ tokens: { value: TOKEN }, quirks }).listen();
  closers.push(() => listening.close());
  return listening;
}

async function serve(handler: RequestListener): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The PreflightError preflight throws (fails the test when it resolves or throws something else). */
async function failure(
  baseUrl: string,
  token: string | undefined,
  timeoutMs = 5_000,
): Promise<PreflightError> {
  const error = await preflight({ target: { baseUrl, token }, timeoutMs, tokenEnv: "MY_SCIM_TOKEN" }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PreflightError);
  const e = error as PreflightError;
  expect(e.message).not.toContain(TOKEN);
  return e;
}

describe("preflight", () => {
  it("passes a correct SCIM server with its token", async () => {
    const { baseUrl } = await fake();
    await expect(preflight({ target: { baseUrl, token: TOKEN } })).resolves.toBeUndefined();
  });

  it("no token: names the token variable", async () => {
    const { baseUrl } = await fake();
    const e = await failure(baseUrl, undefined);
    expect(e.problem).toBe("noToken");
    expect(e.message).toMatch(/no token/);
    expect(e.message).toContain("$MY_SCIM_TOKEN");
  });

  it("a refused token (401) is told apart from a missing one", async () => {
    const { baseUrl } = await fake();
    const e = await failure(baseUrl, "not-the-token");
    expect(e.problem).toBe("tokenRefused");
    expect(e.message).toMatch(/refused the token: GET \S+\/Users\?count=1 answered 401/);
  });

  it("a base URL without the SCIM path: names the path where SCIM answers", async () => {
    const { baseUrl, origin } = await fake();
    const e = await failure(origin, TOKEN);
    expect(e.problem).toBe("wrongBasePath");
    expect(e.suggestedBaseUrl).toBe(baseUrl);
    expect(e.message).toContain(`--target ${baseUrl}`);
    expect(e.message).toContain(`${origin}/ServiceProviderConfig`);
  });

  it("a base URL that names an endpoint (…/Users): suggests its parent", async () => {
    const { baseUrl } = await fake();
    const e = await failure(`${baseUrl}/Users`, TOKEN);
    expect(e.problem).toBe("wrongBasePath");
    expect(e.suggestedBaseUrl).toBe(baseUrl);
  });

  it("404 everywhere, no SCIM nearby: wrong base path without a guess", async () => {
    const host = await serve((_req, res) => res.writeHead(404).end());
    const e = await failure(`http://${host}/api`, TOKEN);
    expect(e.problem).toBe("wrongBasePath");
    expect(e.suggestedBaseUrl).toBeUndefined();
    expect(e.message).toContain(`http://${host}/api/ServiceProviderConfig`);
  });

  it("an HTML page: not a SCIM server", async () => {
    const host = await serve((_req, res) =>
      res
        .writeHead(200, { "content-type": "text/html" })
        .end("<!doctype html><html><body>Welcome</body></html>"),
    );
    const e = await failure(`http://${host}/scim/v2`, TOKEN);
    expect(e.problem).toBe("notScim");
    expect(e.message).toMatch(/not a SCIM server.*HTML page/);
  });

  it("nothing listening: unreachable, naming the URL", async () => {
    const host = await serve((_req, res) => res.end());
    await closers.pop()!(); // the port is now closed
    const e = await failure(`http://${host}/scim/v2`, TOKEN);
    expect(e.problem).toBe("unreachable");
    expect(e.message).toContain(`http://${host}/scim/v2`);
  });

  it("https to a plain-HTTP port: a TLS problem", async () => {
    const host = await serve((_req, res) => res.end("{}"));
    const e = await failure(`https://${host}/scim/v2`, TOKEN);
    expect(e.problem).toBe("tls");
  });

  it("a target that answers nothing in time: unreachable, with the wait", async () => {
    const host = await serve(() => {}); // accepts, never answers
    const e = await failure(`http://${host}/scim/v2`, TOKEN, 300);
    expect(e.problem).toBe("unreachable");
    expect(e.message).toMatch(/did not answer within 0\.3 s/);
  });

  it("broken discovery documents with a working list call pass (they are findings, not a misconfiguration)", async () => {
    const host = await serve((req, res) => {
      if (req.url?.startsWith("/scim/v2/Users"))
        res.writeHead(200, { "content-type": "application/scim+json" }).end(
          JSON.stringify({
            schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            totalResults: 0,
            Resources: [],
          }),
        );
      else res.writeHead(200, { "content-type": "application/scim+json" }).end("{ not json");
    });
    await expect(
      preflight({ target: { baseUrl: `http://${host}/scim/v2`, token: TOKEN } }),
    ).resolves.toBeUndefined();
  });

  it("a list call that hangs behind working discovery passes (the suites grade the timeout)", async () => {
    const { baseUrl } = await fake(["hang=/Users"]);
    await expect(preflight({ target: { baseUrl, token: TOKEN }, timeoutMs: 300 })).resolves.toBeUndefined();
  });
});

describe("candidateBaseUrls", () => {
  it("tries known SCIM paths one level deeper, keeps the query, and strips an endpoint name", () => {
    expect(candidateBaseUrls("https://h.example/")).toContain("https://h.example/scim/v2");
    expect(candidateBaseUrls("https://h.example/tenant?aadOptscim062020")).toContain(
      "https://h.example/tenant/scim/v2?aadOptscim062020",
    );
    expect(candidateBaseUrls("https://h.example/scim/v2/Users")[0]).toBe("https://h.example/scim/v2");
  });
});

describe("preflight and SP bugs it must leave to the suites", () => {
  it("a 403 only for requests without a User-Agent (B12) passes: the suites grade it", async () => {
    const { baseUrl } = await fake(["no-user-agent-403"]);
    await expect(preflight({ target: { baseUrl, token: TOKEN } })).resolves.toBeUndefined();
  });
});
