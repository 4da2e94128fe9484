/**
 * `run --keep` leaves what the run created on the target, so that a finding's curl line finds its
 * resource; `kept.json` in the report folder lists it (target URL without credentials, the token's
 * variable name, never its value), and `scim-harness cleanup --kept <file>` deletes it, groups first.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { z } from "zod";
import { createScimClient } from "../http/scim-client.ts";
import { CleanupRegistry, type KeptResource } from "../session/cleanup-registry.ts";

const KEPT_FILE_NAME = "kept.json";

const KeptFileSchema = z
  .object({
    target: z.url(),
    tokenEnv: z.string().min(1),
    runId: z.string(),
    resources: z.array(z.object({ kind: z.enum(["Users", "Groups"]), id: z.string().min(1) }).strict()),
  })
  .strict();
type KeptFile = z.infer<typeof KeptFileSchema>;

const tally = (resources: readonly KeptResource[]) => {
  const n = (kind: KeptResource["kind"]) => resources.filter((r) => r.kind === kind).length;
  return `${n("Users")} user(s) and ${n("Groups")} group(s)`;
};

/**
 * Writes `kept.json` into `outDir` and tells where it is and the command that removes what it lists; when
 * the file cannot be written, prints each resource instead (nothing kept goes unmentioned).
 */
export async function reportKept(
  kept: Omit<KeptFile, "resources"> & { resources: readonly KeptResource[] },
  outDir: string,
  print: (line: string) => void,
): Promise<void> {
  const file = join(outDir, KEPT_FILE_NAME);
  const what = `--keep: ${tally(kept.resources)} the run created stay on ${kept.target}`;
  try {
    await writeFile(file, `${JSON.stringify(kept, null, 2)}\n`, "utf8");
  } catch (e) {
    print(`${what}; ${file} could not be written (${(e as Error).message}):`);
    for (const r of kept.resources) print(`  ${r.kind}/${r.id}`);
    return;
  }
  const shown = relative(process.cwd(), file);
  print(`${what}; remove them with: scim-harness cleanup --kept ${shown.startsWith("..") ? file : shown}`);
}

/** `scim-harness cleanup --kept <file> [--token-env VAR]`: deletes what a `--keep` run left. */
export async function cleanupKept(
  path: string,
  opts: { tokenEnv?: string },
  print: { out: (line: string) => void; err: (line: string) => void },
): Promise<number> {
  let kept: KeptFile;
  try {
    kept = KeptFileSchema.parse(JSON.parse(await readFile(path, "utf8")));
  } catch (e) {
    const why = e instanceof z.ZodError ? z.prettifyError(e).replace(/\n/g, "; ") : (e as Error).message;
    print.err(`--kept ${path}: not a kept.json of a --keep run (${why})`);
    return 2;
  }
  const tokenEnv = opts.tokenEnv ?? kept.tokenEnv;
  const token = process.env[tokenEnv] || undefined;
  if (token === undefined) {
    print.err(`--kept ${path}: $${tokenEnv} is not set: set it to the token of ${kept.target}`);
    return 2;
  }
  const registry = new CleanupRegistry();
  for (const r of kept.resources) registry.track(r.kind, r.id);
  const client = createScimClient({ baseUrl: kept.target, token, idPrefix: "cleanup" });
  try {
    const summary = await registry.run(client);
    print.out(
      `deleted ${summary.deleted} of ${summary.attempted} kept resource(s) on ${kept.target} (run ${kept.runId})`,
    );
    for (const f of summary.failures) print.err(`could not delete ${f}`);
    return summary.failures.length > 0 ? 1 : 0;
  } finally {
    await client.close();
  }
}
