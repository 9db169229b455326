#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` through the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const entry = new URL('../dist/cli/index.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('xuncha: dist/ is missing; run `npm install` (or `npm run build`) in the project folder first.\n');
  process.exit(2);
}
const argv = process.argv.slice(2);
// On Linux with glibc, xuncha starts itself again with huge pages for malloc (dictionaries load
// 2–3× faster): see src/cli/relaunch.ts. XUNCHA_NO_RELAUNCH=1 turns it off.
const { relaunch, watchLauncher } = await import(new URL('../dist/cli/relaunch.js', import.meta.url).href);
const child = relaunch(fileURLToPath(import.meta.url), argv);
if (child) await child;
watchLauncher();
const { main } = await import(entry.href);
process.exitCode = await main(argv);
