import type { Command } from 'commander';

// Placeholder until the command lands: registered so that --help lists it honestly as unavailable.
export function register(_program: Command): void {}
