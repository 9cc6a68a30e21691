import type { Command } from 'commander';

/** Adds one subcommand (with its options and action) to the `wildchat` program. */
export type CommandRegistration = (program: Command) => void;
