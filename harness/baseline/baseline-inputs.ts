/**
 * What `scim-harness run --baseline <report.json> --waivers <file>` needs before the run starts: the
 * baseline report and the waivers, loaded and validated up front so a bad file stops the run (exit 2)
 * before any request is sent. `scim-harness.waivers.yaml` in the working directory is used when present.
 */
import { access } from "node:fs/promises";
import { resolve } from "node:path";
import type { ApplyBaselineOptions } from "../../reports/index.ts";
import { DEFAULT_WAIVER_FILE, loadBaselineReport, loadWaivers } from "./load-baseline.ts";

/** The run command's baseline options. */
export interface BaselineFlags {
  /** `--baseline <report.json>`. */
  baseline?: string;
  /** `--waivers <file>`; `false` (`--no-waivers`) ignores the default file. */
  waivers?: string | false;
  /** Where to look for `scim-harness.waivers.yaml`; default the working directory. */
  cwd?: string;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Loads the baseline report and the waiver file named by the flags (or the default waiver file when it
 * exists). Resolves to the options for `applyBaseline`, or `undefined` when there is neither. Throws
 * ConfigurationError (exit 2) for a missing or invalid file that was asked for.
 */
export async function loadBaselineInputs(flags: BaselineFlags): Promise<ApplyBaselineOptions | undefined> {
  let waiverFile: string | undefined;
  if (typeof flags.waivers === "string") waiverFile = flags.waivers;
  else if (flags.waivers !== false) {
    const fallback = resolve(flags.cwd ?? process.cwd(), DEFAULT_WAIVER_FILE);
    if (await exists(fallback)) waiverFile = fallback;
  }
  if (flags.baseline === undefined && waiverFile === undefined) return undefined;
  const [baseline, waivers] = await Promise.all([
    flags.baseline === undefined ? undefined : loadBaselineReport(flags.baseline),
    waiverFile === undefined ? undefined : loadWaivers(waiverFile),
  ]);
  return {
    ...(baseline !== undefined ? { baseline, baselineFile: flags.baseline } : {}),
    ...(waivers !== undefined ? { waivers, waiverFile } : {}),
  };
}
