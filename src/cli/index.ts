/**
 * The xuncha command line. One file per command; each exports `register(program)`.
 * Exit codes: 0 all good; 1 some documents failed (see errors.csv / stderr); 2 usage or rule errors.
 */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { UsageError, EXIT_OK, EXIT_USAGE } from './common.js';
import { OutputFolderError } from '../pipeline/outputs.js';
import { register as registerExtract } from './extract.js';
import { register as registerTag } from './tag.js';
import { register as registerExplain } from './explain.js';
import { register as registerRules } from './rules.js';
import { register as registerRun } from './run.js';
import { registerWorkbench } from './workbench.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('xuncha')
    .description('xuncha (巡察): read Chinese inspection reports, find their problems, tag them with explainable rules, compare units.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError()
    .exitOverride();
  registerExtract(program);
  registerTag(program);
  registerExplain(program);
  registerRules(program);
  registerRun(program);
  registerWorkbench(program);
  return program;
}

/**
 * A reader that goes away (`xuncha rules test | head -1`, a closed pager) makes writes fail with
 * EPIPE, which Node raises as an unhandled 'error' event: a stack trace instead of the output the
 * reader wanted. The command instead goes on without that stream and ends as it would have (a
 * run still writes its reports).
 */
let pipesGuarded = false;
function guardPipes(): void {
  if (pipesGuarded) return;
  pipesGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
    });
  }
}

/** Runs the CLI and resolves to the exit code (never calls process.exit itself). */
export async function main(argv: string[]): Promise<number> {
  guardPipes();
  const program = buildProgram();
  program.configureOutput({
    writeOut: (s) => process.stdout.write(s),
    writeErr: (s) => process.stderr.write(s),
  });
  let code = EXIT_OK;
  program.hook('postAction', (_this, action) => {
    const c = (action as Command & { exitCode?: number }).exitCode;
    if (typeof c === 'number') code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    if (e instanceof UsageError || e instanceof OutputFolderError) {
      process.stderr.write(`xuncha: ${e.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`xuncha: ${(e as Error).stack ?? e}\n`);
    return EXIT_USAGE;
  }
  return code;
}

