/** Helpers shared by the command files. */
import type { Command } from 'commander';

export const EXIT_OK = 0;
export const EXIT_SOME_FAILED = 1;
export const EXIT_USAGE = 2;

/** Thrown for bad flags or arguments: printed without a stack, exit code 2. */
export class UsageError extends Error {}

/** Commands set their exit code on their Command object; main() returns it. */
export function setExitCode(cmd: Command, code: number): void {
  (cmd as Command & { exitCode?: number }).exitCode = code;
}

/** Parse a positive integer flag value. */
export function intOption(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} takes a whole number ≥ 1, not "${v}"`);
    return n;
  };
}
