/**
 * The one colour palette of everything scim-harness prints on a terminal (the end-of-run summary and the
 * progress lines): which style each status and severity gets, painted with `node:util` `styleText`. The
 * caller decides whether colour is on (a TTY, no `NO_COLOR`, not CI).
 */
import { styleText } from "node:util";
import type { Severity } from "../report.ts";

export type Style = "red" | "green" | "yellow" | "cyan" | "gray" | "bold";

/** Paints text in a style, or returns it as is when colour is off. */
export type Paint = (style: Style, text: string) => string;

export function painter(color: boolean): Paint {
  // The caller decided on colour (TTY, NO_COLOR, CI): styleText must not check the stream again.
  return color ? (style, text) => styleText(style, text, { validateStream: false }) : (_style, text) => text;
}

/** Every result status of a run: scenarios, contract checks, properties. */
export type ResultStatus = "passed" | "failed" | "errored" | "notApplicable";

/** Mark and style of a status: failed is red, could-not-run (errored) yellow, not applicable gray. */
export const STATUS_MARK: Readonly<Record<ResultStatus, readonly [string, Style]>> = {
  passed: ["✓", "green"],
  failed: ["✗", "red"],
  errored: ["!", "yellow"],
  notApplicable: ["–", "gray"],
};

export const SEVERITY_STYLE: Readonly<Record<Severity, Style>> = {
  error: "red",
  warning: "yellow",
  info: "cyan",
};
