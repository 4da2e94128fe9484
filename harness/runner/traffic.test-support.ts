/**
 * Test support: a scenario variant's traffic as comparable lines, for the determinism tests (same seed, same
 * requests). Ids the target assigned are replaced by their order of appearance: they are the SP's values
 * (random UUIDs in the fake), not the harness's.
 */
import type { ScenarioResult } from "../../reports/index.ts";

/** The ids a target assigned, in the order its answers first showed them. */
function harvestIds(body: string | undefined, into: Map<string, string>): void {
  if (body === undefined || body === "") return;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return;
  }
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === "object" && value !== null) {
      const id = (value as Record<string, unknown>)["id"];
      if (typeof id === "string" && id !== "" && !into.has(id)) into.set(id, `<id${into.size + 1}>`);
      Object.values(value).forEach(visit);
    }
  };
  visit(json);
}

/**
 * One scenario variant's requests as `METHOD path?query body` lines, in send order. Ids the target assigned are
 * replaced by their order of appearance: they are the SP's values (random UUIDs in the fake), not the
 * harness's.
 */
export function traffic(result: ScenarioResult): string[] {
  const ids = new Map<string, string>();
  return result.exchanges.map((exchange) => {
    const url = new URL(exchange.request.url, "http://target.invalid"); // the fake's port differs per run
    let line = `${exchange.request.method} ${url.pathname}${url.search} ${exchange.request.body ?? ""}`;
    for (const [id, token] of ids) line = line.split(id).join(token);
    harvestIds(exchange.response?.body, ids);
    return line;
  });
}
