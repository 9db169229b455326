/**
 * What the built CLI offers, read from its --help output (so the bench adapts while commands
 * and flags are still being added, instead of crashing on an unknown one).
 */
import { join } from 'node:path';
import { capture } from './measure.js';

export interface CommandInfo {
  name: string;
  flags: Set<string>;
  help: string;
}

export interface CliInfo {
  commands: Map<string, CommandInfo>;
  topHelp: string;
}

function parseFlags(help: string): Set<string> {
  const flags = new Set<string>();
  const i = help.indexOf('Options:');
  const section = i >= 0 ? help.slice(i) : help;
  for (const m of section.matchAll(/(?:^|[\s,])(--[a-z][\w-]*)/gm)) flags.add(m[1] as string);
  return flags;
}

export async function detectCli(repoRoot: string): Promise<CliInfo> {
  const bin = join(repoRoot, 'bin', 'xuncha.js');
  const top = await capture(process.execPath, [bin, '--help'], { cwd: repoRoot });
  const topHelp = top.stdout + top.stderr;
  const names: string[] = [];
  const at = topHelp.indexOf('Commands:');
  if (at >= 0) {
    for (const line of topHelp.slice(at).split('\n').slice(1)) {
      const m = /^ {2}([a-z][\w-]*)\b/.exec(line);
      if (m && m[1] !== 'help') names.push(m[1] as string);
    }
  }
  const commands = new Map<string, CommandInfo>();
  for (const name of names) {
    const r = await capture(process.execPath, [bin, name, '--help'], { cwd: repoRoot });
    const help = r.stdout + r.stderr;
    // An unknown command with --help prints the top-level help: only trust "Usage: xuncha <name>".
    if (!new RegExp(`^Usage: xuncha ${name}\\b`, 'm').test(help)) continue;
    commands.set(name, { name, flags: parseFlags(help), help });
  }
  return { commands, topHelp };
}

export function hasFlag(cli: CliInfo, command: string, flag: string): boolean {
  return cli.commands.get(command)?.flags.has(flag) ?? false;
}
