/** An SCIM service provider that is already running, addressed by base URL and bearer token. */
import { ConfigurationError } from "../errors.ts";
import type { ScimTarget, StartedScimTarget } from "./scim-target.ts";

/** Removes credentials from a URL so it can be reported. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    return u.toString().replace(/\/$/, "");
  } catch {
    return url;
  }
}

export class UrlTarget implements ScimTarget {
  readonly #baseUrl: string;
  #token: string | undefined;

  constructor(baseUrl: string) {
    let parsed: URL;
    try {
      parsed = new URL(baseUrl);
    } catch (cause) {
      throw new ConfigurationError(`--target ${JSON.stringify(baseUrl)} is not a URL`, { cause });
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new ConfigurationError(
        `--target ${JSON.stringify(baseUrl)}: only http and https URLs are supported`,
      );
    }
    this.#baseUrl = baseUrl.replace(/\/+$/, "");
  }

  withToken(token: string | undefined): this {
    this.#token = token;
    return this;
  }

  async start(): Promise<StartedScimTarget> {
    const baseUrl = this.#baseUrl;
    const stop = async () => {};
    return {
      kind: "url",
      baseUrl,
      token: this.#token,
      details: {},
      logs: () => [],
      stop,
      [Symbol.asyncDispose]: stop,
    };
  }
}
