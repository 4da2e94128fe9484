/** Turns a `--target` value into a target: `fake…`, an http(s) URL, or (later) a container kind. */
import { ConfigurationError } from "../errors.ts";
import { FakeTarget, parseFakeSpec } from "./fake-target.ts";
import type { ScimTarget } from "./scim-target.ts";
import { UrlTarget } from "./url-target.ts";

export async function resolveTarget(
  spec: string,
  options: { token?: string | undefined } = {},
): Promise<ScimTarget> {
  if (spec === "fake" || spec.startsWith("fake:") || spec.startsWith("fake+"))
    return new FakeTarget(parseFakeSpec(spec));
  if (/^https?:\/\//i.test(spec)) {
    if (options.token === undefined) {
      process.stderr.write(
        "scim-harness: no token for the URL target (--token or --token-env); sending no Authorization header\n",
      );
    }
    return new UrlTarget(spec).withToken(options.token);
  }
  throw new ConfigurationError(
    `unknown --target ${JSON.stringify(spec)}: use fake, fake:<profile>[+quirk…] or an http(s) URL`,
  );
}
