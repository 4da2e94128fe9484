/**
 * The two charts of a load run as self-contained SVG (no script, no external resource): latency over
 * time (p50, p99 and max per time bucket, with the requests per bucket as bars) and the latency histogram.
 * Hand-written: a few rectangles, polylines and labels; every text is escaped.
 */
import type { LoadResult } from "../load-schema.ts";
import { escapeHtml } from "./html-markup.ts";

const W = 720;
const H = 260;
const PAD = { left: 56, right: 16, top: 24, bottom: 40 };
const PLOT_W = W - PAD.left - PAD.right;
const PLOT_H = H - PAD.top - PAD.bottom;

const fmt = (n: number): string =>
  n >= 1000 ? `${(n / 1000).toFixed(n >= 10_000 ? 0 : 1)} s` : n >= 10 ? `${Math.round(n)} ms` : `${n} ms`;

/** A "nice" upper bound (1, 2, 5 × 10^k) at or above `max`. */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= max) ?? 10 * p;
}

function frame(title: string, body: string, yTicks: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(title)}" font-family="system-ui, sans-serif" font-size="11">
<title>${escapeHtml(title)}</title>
<rect x="${PAD.left}" y="${PAD.top}" width="${PLOT_W}" height="${PLOT_H}" fill="none" stroke="#ccc"/>
${yTicks}${body}</svg>`;
}

function yAxis(max: number, label: (v: number) => string): string {
  return [0, 0.25, 0.5, 0.75, 1]
    .map((f) => {
      const y = PAD.top + PLOT_H * (1 - f);
      return `<line x1="${PAD.left}" x2="${PAD.left + PLOT_W}" y1="${y}" y2="${y}" stroke="#eee"/><text x="${PAD.left - 4}" y="${y + 4}" text-anchor="end" fill="#555">${escapeHtml(label(max * f))}</text>`;
    })
    .join("\n");
}

/** Latency over time: p50, p99 and max lines per bucket, requests per bucket as grey bars behind them. */
export function latencyOverTimeSvg(load: LoadResult): string {
  const points = load.timeline;
  const title = "Latency over time (p50, p99, max per bucket; bars: requests)";
  if (points.length === 0)
    return frame(title, `<text x="${W / 2}" y="${H / 2}" text-anchor="middle">no requests</text>`, "");
  const yMax = niceMax(Math.max(...points.map((p) => p.max)));
  const rMax = Math.max(...points.map((p) => p.requests));
  const step = PLOT_W / points.length;
  const x = (i: number) => PAD.left + step * (i + 0.5);
  const y = (v: number) => PAD.top + PLOT_H * (1 - v / yMax);
  const bars = points
    .map((p, i) => {
      const h = (p.requests / rMax) * PLOT_H * 0.35;
      const fill = p.errors > 0 ? "#f4c7c3" : "#e3e7ee";
      return `<rect class="bar" x="${(PAD.left + step * i + step * 0.1).toFixed(1)}" y="${(PAD.top + PLOT_H - h).toFixed(1)}" width="${(step * 0.8).toFixed(1)}" height="${h.toFixed(1)}" fill="${fill}"><title>${escapeHtml(`t=${fmt(p.tMs)}: ${p.requests} requests, ${p.errors} errors, p50 ${fmt(p.p50)}, p99 ${fmt(p.p99)}, max ${fmt(p.max)}`)}</title></rect>`;
    })
    .join("\n");
  const line = (key: "p50" | "p99" | "max", color: string) =>
    `<polyline class="series" data-series="${key}" fill="none" stroke="${color}" stroke-width="1.5" points="${points.map((p, i) => `${x(i).toFixed(1)},${y(p[key]).toFixed(1)}`).join(" ")}"/>`;
  const last = points.at(-1)!;
  const legend = [
    ["p50", "#2b7a3d"],
    ["p99", "#c77c02"],
    ["max", "#b3261e"],
  ]
    .map(([k, c], i) => `<text x="${PAD.left + 8 + i * 60}" y="${PAD.top - 8}" fill="${c}">— ${k}</text>`)
    .join("");
  const xLabels = `<text x="${PAD.left}" y="${H - 20}" fill="#555">0 s</text><text x="${PAD.left + PLOT_W}" y="${H - 20}" text-anchor="end" fill="#555">${escapeHtml(fmt(last.tMs))}</text><text x="${PAD.left + PLOT_W / 2}" y="${H - 6}" text-anchor="middle" fill="#555">time since the cycle started</text>`;
  return frame(
    title,
    `${bars}\n${line("p50", "#2b7a3d")}\n${line("p99", "#c77c02")}\n${line("max", "#b3261e")}\n${legend}${xLabels}`,
    yAxis(yMax, fmt),
  );
}

/** The latency histogram: requests per latency bucket (bounds 0.5 ms … 60 s). */
export function latencyHistogramSvg(load: LoadResult): string {
  const buckets = load.histogram;
  const title = "Latency histogram (requests per latency bucket)";
  const cMax = niceMax(Math.max(0, ...buckets.map((b) => b.count)));
  const step = PLOT_W / Math.max(1, buckets.length);
  const bars = buckets
    .map((b, i) => {
      const h = (b.count / cMax) * PLOT_H;
      const label = b.upToMs === null ? "more" : `≤${fmt(b.upToMs)}`;
      const bx = PAD.left + step * i;
      return `<rect class="bucket" data-count="${b.count}" x="${(bx + step * 0.1).toFixed(1)}" y="${(PAD.top + PLOT_H - h).toFixed(1)}" width="${(step * 0.8).toFixed(1)}" height="${h.toFixed(1)}" fill="#4a6fa5"><title>${escapeHtml(`${label}: ${b.count} requests`)}</title></rect><text x="${(bx + step / 2).toFixed(1)}" y="${H - 24}" text-anchor="middle" fill="#555" font-size="8">${escapeHtml(label)}</text>`;
    })
    .join("\n");
  return frame(
    title,
    `${bars}\n<text x="${PAD.left + PLOT_W / 2}" y="${H - 6}" text-anchor="middle" fill="#555">latency</text>`,
    yAxis(cMax, (v) => String(Math.round(v))),
  );
}
