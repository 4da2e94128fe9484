/**
 * Root causes: the findings of every suite (run-level, scenario steps, contract checks, properties)
 * grouped into the bugs a person fixes. Findings share a root cause when they name the same rule, their
 * first exchange has the same request shape (method, path template with ids replaced, PATCH operation
 * form) and the same answer class (HTTP status or transport error kind).
 *
 * A follow-on finding is not counted again: within one step of one scenario variant (or one contract
 * check, or one property), a finding is attached to an earlier, at least as severe finding of another
 * rule when it cites the same exchange, or when it is a scenario expectation (`scenario.expect.*`) that
 * restates the step's failure (e.g. the state read back after a PATCH the target ignored). A scenario
 * expectation of a later step that reads back the very resource an earlier step's finding is about (same
 * URL, same scenario variant) is attached to that finding as well: the issue asked for "same step";
 * this extension is scim-harness's own reading, so a read-back never counts as a second bug.
 *
 * Pure: it reads a report and returns data; `ReportBuilder` passes what the rule catalogue says about
 * each rule's IdP impact.
 */
import { createHash } from "node:crypto";
import type { ExchangeRecord, Finding, RootCause, RunReport, Severity } from "./report.ts";
import { severityRank } from "./report.ts";

/** What the rule catalogue says about a rule, as far as root causes need it. */
export interface RootCauseRuleInfo {
  /** Which part of scim-harness emits the rule (`entra`, `jumpcloud`, `contract`…). */
  area?: string;
  idpImpact?: "fails" | "degrades";
  /** Best dossier grade of the rule's evidence. */
  grade?: string;
}

/** Looks a rule id up in the catalogue; undefined for an unknown rule. */
export type RuleLookup = (ruleId: string) => RootCauseRuleInfo | undefined;

/** Rules that restate a step's failure rather than name a cause of their own. */
const FOLLOW_ON_RULE = /^scenario\.expect\./;

/** Segments after which the next segment is a resource id. */
const COLLECTIONS = new Set(["users", "groups", "schemas", "resourcetypes"]);
const ID_LIKE =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{24}|\d+|scimh-.*)$/i;

interface Placed {
  finding: Finding;
  scenarioId?: string;
  variant?: string;
  idp?: string;
  /** Contract check or property id. */
  check?: string;
  /** Findings of the same step / check / property share this key. */
  step: string;
  exchanges: ReadonlyMap<string, ExchangeRecord>;
}

function placedFindings(report: RunReport): Placed[] {
  const runExchanges = new Map((report.exchanges ?? []).map((e) => [e.id, e]));
  const checkOf = new Map<string, string>();
  for (const check of report.contracts ?? []) for (const id of check.findingIds) checkOf.set(id, check.id);
  const out: Placed[] = report.findings.map((finding) => {
    const check = checkOf.get(finding.id);
    return {
      finding,
      ...(check !== undefined ? { check } : {}),
      step: check !== undefined ? `check ${check}` : `run ${finding.id}`,
      exchanges: runExchanges,
    };
  });
  for (const scenario of report.scenarios) {
    const exchanges = new Map([...runExchanges, ...scenario.exchanges.map((e) => [e.id, e] as const)]);
    const at = { scenarioId: scenario.id, variant: scenario.variant, idp: scenario.idp, exchanges };
    const key = `${scenario.id} [${scenario.variant}]`;
    for (const step of scenario.steps)
      for (const finding of step.findings) out.push({ finding, ...at, step: `${key} step ${step.index}` });
    for (const finding of scenario.findings)
      out.push({ finding, ...at, step: `${key} ${finding.stepIndex ?? "scenario"}` });
  }
  for (const property of report.properties ?? [])
    for (const finding of property.findings)
      out.push({ finding, check: property.id, step: `property ${property.id}`, exchanges: runExchanges });
  return out;
}

/** The path below the SCIM base with resource ids replaced by `{id}` and filter values by `…`. */
export function pathTemplate(url: string, baseUrl?: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url, "http://scim-harness.invalid");
  } catch {
    return url;
  }
  let path = parsed.pathname;
  const basePath = baseUrl === undefined ? "" : safePathname(baseUrl).replace(/\/+$/, "");
  if (basePath !== "" && path.startsWith(basePath)) path = path.slice(basePath.length) || "/";
  const segments = path.split("/");
  const templated = segments.map((segment, i) =>
    (i > 0 && COLLECTIONS.has((segments[i - 1] ?? "").toLowerCase())) || ID_LIKE.test(segment)
      ? "{id}"
      : segment,
  );
  const query = [...parsed.searchParams.entries()]
    .map(([name, value]) => (name === "filter" ? `filter=${valueTemplate(value)}` : name))
    .join("&");
  return templated.join("/") + (query === "" ? "" : `?${query}`);
}

function safePathname(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "";
  }
}

/** Quoted values and numbers of a filter or attribute path replaced by `…`. */
function valueTemplate(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/\b\d+(?:\.\d+)?\b/g, "…");
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** `replace active=string`, `add members=array`, `replace {active=boolean,displayName=string}`. */
export function patchOperationForm(body: string | undefined): string | undefined {
  if (body === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return "unparsable body";
  }
  const operations = (parsed as { Operations?: unknown } | null)?.Operations;
  if (!Array.isArray(operations)) return "no Operations";
  return operations
    .map((operation: unknown) => {
      const { op, path, value } = (operation ?? {}) as { op?: unknown; path?: unknown; value?: unknown };
      const name = typeof op === "string" ? op.toLowerCase() : "?";
      if (typeof path === "string") return `${name} ${valueTemplate(path)}=${jsonType(value)}`;
      if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        const keys = Object.entries(value as Record<string, unknown>)
          .map(([k, v]) => `${k}=${jsonType(v)}`)
          .sort();
        return `${name} {${keys.join(",")}}`;
      }
      return `${name} ${jsonType(value)}`;
    })
    .join(", ");
}

function requestShape(
  exchange: ExchangeRecord | undefined,
  baseUrl: string | undefined,
): RootCause["request"] {
  if (exchange === undefined) return { answer: "-" };
  const method = exchange.request.method.toUpperCase();
  const operation = method === "PATCH" ? patchOperationForm(exchange.request.body) : undefined;
  const answer =
    exchange.error !== undefined && exchange.response === undefined
      ? `error:${exchange.error.kind}`
      : exchange.response !== undefined
        ? String(exchange.response.status)
        : "-";
  return {
    method,
    path: pathTemplate(exchange.request.url, baseUrl),
    ...(operation !== undefined ? { operation } : {}),
    answer,
  };
}

/**
 * The grouping key of a request shape. For an accepted PATCH (2xx), `add` and `replace` of a scalar value
 * at a path are one form: RFC 7644 §3.5.2.1 makes an add on a single-valued attribute replace its value,
 * so "accepted but not applied" is the same bug under either op (Entra sends both for `active`, B1 and
 * B3). A refusal keeps them apart: an SP may refuse add and take replace (B3), a bug of its own.
 */
function shapeKey(shape: RootCause["request"]): string {
  const accepted = /^2\d\d$/.test(shape.answer);
  const operation =
    accepted && shape.operation !== undefined
      ? shape.operation.replace(
          /\b(?:add|replace) ([^,{]*=(?:string|boolean|number))(?=,|$)/g,
          "add|replace $1",
        )
      : shape.operation;
  return [shape.method ?? "-", shape.path ?? "-", operation ?? "-", shape.answer].join(" ");
}

/** `PATCH /Users/{id} replace active=string → 200`. */
function reproLine(shape: RootCause["request"]): string | undefined {
  if (shape.method === undefined) return undefined;
  const op = shape.operation !== undefined ? ` [${shape.operation}]` : "";
  return `${shape.method} ${shape.path ?? ""}${op} → ${shape.answer}`;
}

const IDP_NAMES: Record<string, string> = { entra: "Entra ID", jumpcloud: "JumpCloud", okta: "Okta" };

/** What an IdP does about it, from the catalogue's area and impact (no behaviour beyond the catalogue). */
function idpActionText(info: RootCauseRuleInfo | undefined): string | undefined {
  if (info?.idpImpact === undefined) return undefined;
  const who = IDP_NAMES[info.area ?? ""] ?? "The IdP";
  const grade = info.grade !== undefined ? ` (evidence grade ${info.grade})` : "";
  return info.idpImpact === "fails"
    ? `${who} fails the object or quarantines the app${grade}`
    : `${who} keeps provisioning, degraded${grade}`;
}

function rootCauseId(ruleId: string, shape: RootCause["request"]): string {
  return `rc-${createHash("sha256")
    .update(`${ruleId}\n${shapeKey(shape)}`)
    .digest("hex")
    .slice(0, 8)}`;
}

const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/**
 * Groups every finding of the report into root causes, worst severity first, then broadest (most
 * scenario variants and checks, then most findings), then by id. Every finding of the report is in
 * exactly one root cause's `findingIds`.
 */
export function groupRootCauses(report: RunReport, lookup: RuleLookup = () => undefined): RootCause[] {
  const placed = placedFindings(report);
  const primaryOf = new Map<Placed, Placed>();
  const byStep = new Map<string, Placed[]>();
  for (const p of placed) byStep.set(p.step, [...(byStep.get(p.step) ?? []), p]);
  for (const group of byStep.values()) {
    // Causes first (worst first), restatements last: a finding only attaches to one before it that is
    // itself no follow-on, so no chain forms.
    const ordered = [
      ...group.filter((p) => !FOLLOW_ON_RULE.test(p.finding.ruleId)),
      ...group.filter((p) => FOLLOW_ON_RULE.test(p.finding.ruleId)),
    ].sort(
      (a, b) =>
        Number(FOLLOW_ON_RULE.test(a.finding.ruleId)) - Number(FOLLOW_ON_RULE.test(b.finding.ruleId)) ||
        severityRank(a.finding.severity) - severityRank(b.finding.severity),
    );
    ordered.forEach((p, i) => {
      const host = ordered
        .slice(0, i)
        .find(
          (q) =>
            !primaryOf.has(q) &&
            q.finding.ruleId !== p.finding.ruleId &&
            !FOLLOW_ON_RULE.test(q.finding.ruleId) &&
            severityRank(q.finding.severity) <= severityRank(p.finding.severity) &&
            (FOLLOW_ON_RULE.test(p.finding.ruleId) ||
              p.finding.exchangeIds.some((id) => q.finding.exchangeIds.includes(id))),
        );
      if (host !== undefined) primaryOf.set(p, host);
    });
  }

  // A scenario expectation that reads back a resource an earlier step of the same variant failed to
  // change restates that failure (e.g. `active eq false` after an ignored disable): it is a follow-on too.
  const earlier = new Map<string, Placed>();
  for (const p of placed) {
    if (p.scenarioId === undefined) continue;
    const variantKey = `${p.scenarioId} [${p.variant ?? "default"}]`;
    const resources = p.finding.exchangeIds.flatMap((id) => {
      const url = p.exchanges.get(id)?.request.url;
      return url === undefined ? [] : [`${variantKey} ${url.split("?")[0] ?? url}`];
    });
    if (FOLLOW_ON_RULE.test(p.finding.ruleId)) {
      if (primaryOf.has(p)) continue;
      const host = resources.map((r) => earlier.get(r)).find((q) => q !== undefined);
      if (host !== undefined && severityRank(host.finding.severity) <= severityRank(p.finding.severity))
        primaryOf.set(p, host);
    } else if (!primaryOf.has(p)) {
      for (const r of resources) if (!earlier.has(r)) earlier.set(r, p);
    }
  }

  const groups = new Map<string, { shape: RootCause["request"]; members: Placed[]; followOns: Placed[] }>();
  const keyOf = new Map<Placed, string>();
  for (const p of placed) {
    if (primaryOf.has(p)) continue;
    const exchange = p.exchanges.get(p.finding.exchangeIds[0] ?? "");
    const shape = requestShape(exchange, report.target.url);
    const key = `${p.finding.ruleId}\n${shapeKey(shape)}`;
    keyOf.set(p, key);
    const group = groups.get(key) ?? { shape, members: [], followOns: [] };
    group.members.push(p);
    groups.set(key, group);
  }
  for (const [p, host] of primaryOf) groups.get(keyOf.get(host) ?? "")?.followOns.push(p);

  const causes = [...groups.values()].map(({ shape, members, followOns }): RootCause => {
    const first = members[0] as Placed;
    const covered = [...members, ...followOns];
    const severity = members
      .map((m) => m.finding.severity)
      .reduce<Severity>((worst, s) => (severityRank(s) < severityRank(worst) ? s : worst), "info");
    const evidence = sorted(members.flatMap((m) => m.finding.evidence ?? []));
    const info = lookup(first.finding.ruleId);
    const idpAction = idpActionText(info);
    const repro = reproLine(shape);
    const exchangeId = members.map((m) => m.finding.exchangeIds[0]).find((id) => id !== undefined);
    return {
      id: rootCauseId(first.finding.ruleId, shape),
      ruleId: first.finding.ruleId,
      title: first.finding.title,
      severity,
      ...(first.finding.rfc !== undefined ? { rfc: first.finding.rfc } : {}),
      ...(evidence.length > 0 ? { evidence } : {}),
      request: shape,
      ...(repro !== undefined ? { repro } : {}),
      findings: members.length,
      followOns: followOns.length,
      findingIds: covered.map((m) => m.finding.id),
      scenarios: sorted(covered.flatMap((m) => (m.scenarioId !== undefined ? [m.scenarioId] : []))),
      variants: sorted(
        covered.flatMap((m) =>
          m.scenarioId !== undefined ? [`${m.scenarioId} [${m.variant ?? "default"}]`] : [],
        ),
      ),
      checks: sorted(covered.flatMap((m) => (m.check !== undefined ? [m.check] : []))),
      idps: sorted(covered.flatMap((m) => (m.idp !== undefined ? [m.idp] : []))),
      ...(exchangeId !== undefined ? { exchangeId } : {}),
      ...(info?.idpImpact !== undefined ? { idpImpact: info.idpImpact } : {}),
      ...(idpAction !== undefined ? { idpAction } : {}),
    };
  });
  const breadth = (c: RootCause) => c.variants.length + c.checks.length;
  return causes.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      breadth(b) - breadth(a) ||
      b.findings - a.findings ||
      a.id.localeCompare(b.id),
  );
}

/** The root cause a finding belongs to, by finding id (for waivers and writers). */
export function rootCauseByFinding(causes: readonly RootCause[]): Map<string, RootCause> {
  const map = new Map<string, RootCause>();
  for (const cause of causes) for (const id of cause.findingIds) map.set(id, cause);
  return map;
}
