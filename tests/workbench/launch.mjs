#!/usr/bin/env node
// Until src/cli/index.ts calls registerWorkbench, this launches the BUILT workbench commands the way
// main() does (exit code from the command; commander and usage errors → 2). Used by helpers.ts.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = new URL('../../dist/cli/', import.meta.url);
for (const f of ['rules.js', 'workbench.js', 'common.js']) {
  if (!existsSync(fileURLToPath(new URL(f, dist)))) {
    process.stderr.write(`launch.mjs: dist/cli/${f} is missing; run \`npm run build\` first\n`);
    process.exit(2);
  }
}
const { Command, CommanderError } = await import('commander');
const { register } = await import(new URL('rules.js', dist).href);
const { registerWorkbench } = await import(new URL('workbench.js', dist).href);
const { UsageError } = await import(new URL('common.js', dist).href);

const program = new Command().name('xuncha').exitOverride();
register(program);
registerWorkbench(program);
let code = 0;
program.hook('postAction', (_t, action) => {
  if (typeof action.exitCode === 'number') code = action.exitCode;
});
try {
  await program.parseAsync(process.argv.slice(2), { from: 'user' });
} catch (e) {
  if (e instanceof CommanderError) code = e.code === 'commander.helpDisplayed' || e.code === 'commander.help' ? 0 : 2;
  else if (e instanceof UsageError) {
    process.stderr.write(`xuncha: ${e.message}\n`);
    code = 2;
  } else {
    process.stderr.write(`xuncha: ${e?.stack ?? e}\n`);
    code = 2;
  }
}
process.exitCode = code;
