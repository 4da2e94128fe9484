#!/usr/bin/env node
// The `scim-harness` command of the built package (package.json "bin" → dist/harness/cli/entry.js).
// Development runs the sources through tsx instead: harness/cli/bin.js, `npm run harness`.
import { main } from "./main.ts";

process.exitCode = await main(process.argv.slice(2));
