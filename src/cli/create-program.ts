import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { z } from 'zod';
import { commandRegistrations } from './commands.ts';

const packageJsonSchema = z.object({ version: z.string() });

export function packageVersion(): string {
  const raw: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return packageJsonSchema.parse(raw).version;
}

/** The `wildchat` program with every registered subcommand; parsing it runs the chosen command. */
export function createProgram(): Command {
  const program = new Command('wildchat')
    .description('Collect, release and study consented chatbot conversations.')
    .version(packageVersion(), '-v, --version')
    .showHelpAfterError('(run with --help for usage)');
  for (const register of commandRegistrations) register(program);
  return program;
}
