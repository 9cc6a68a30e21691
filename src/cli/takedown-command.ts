/**
 * `wildchat takedown --conversation-hash H… | --turn-identifier T… | --hashed-ip X… | --file F
 * --operator NAME [--note TEXT] [--dataset NAME]`: removes conversations from every later release.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { commandSettings } from '../settings/command-settings.ts';
import { resolveSettingsTable } from '../settings/resolve-settings.ts';
import { addSettingOptions } from './add-setting-options.ts';
import { CliError } from './cli-error.ts';

const collect = (value: string, previous: string[]) => [...previous, value];

/** One selector a line: `conversation_hash X`, `turn_identifier N`, `hashed_ip X`, or a bare 32-hex conversation hash. */
export function parseTakedownFile(text: string, file: string): { conversationHashes: string[]; turnIdentifiers: number[]; hashedIps: string[] } {
  const result = { conversationHashes: [] as string[], turnIdentifiers: [] as number[], hashedIps: [] as string[] };
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [kind, value, extra] = line.split(/\s+/);
    if (value === undefined && /^[0-9a-f]{32}$/.test(kind ?? '')) return void result.conversationHashes.push(kind as string);
    if (extra !== undefined || value === undefined)
      throw new CliError(`${file} line ${index + 1}: expected "conversation_hash|turn_identifier|hashed_ip VALUE"`);
    if (kind === 'conversation_hash') result.conversationHashes.push(value);
    else if (kind === 'hashed_ip') result.hashedIps.push(value);
    else if (kind === 'turn_identifier' && /^\d+$/.test(value)) result.turnIdentifiers.push(Number(value));
    else throw new CliError(`${file} line ${index + 1}: expected "conversation_hash|turn_identifier|hashed_ip VALUE"`);
  });
  return result;
}

export function registerTakedownCommand(program: Command): void {
  const command = program
    .command('takedown')
    .description('Remove conversations from every later release (deletes collected ones) and record who, when and why.');
  addSettingOptions(command, 'takedown')
    .option('--conversation-hash <hash>', 'a conversation_hash as published (repeatable)', collect, [])
    .option('--turn-identifier <id>', 'a turn_identifier as published (repeatable)', collect, [])
    .option('--hashed-ip <hash>', 'a hashed_ip as published: every conversation of that user (repeatable)', collect, [])
    .option('--file <file>', 'selectors, one a line: "conversation_hash H", "turn_identifier N" or "hashed_ip X"')
    .option('--dataset <name>', 'take down from an imported dataset instead of the collected conversations')
    .option('--operator <name>', 'who is doing the takedown (recorded)')
    .option('--note <text>', 'why, e.g. a ticket number (operator text, recorded; never paste user text)', '')
    .action(async (options: Record<string, unknown>) => {
      const { dataDir, databaseUrl } = resolveSettingsTable(commandSettings, 'takedown', options, process.env);
      const turnIdentifiers = (options.turnIdentifier as string[]).map((value) => {
        if (!/^\d+$/.test(value)) throw new CliError(`--turn-identifier must be a whole number, got ${JSON.stringify(value)}`);
        return Number(value);
      });
      const fromFile =
        typeof options.file === 'string'
          ? parseTakedownFile(fs.readFileSync(options.file, 'utf8'), options.file)
          : { conversationHashes: [], turnIdentifiers: [], hashedIps: [] };
      const { runTakedownJob } = await import('../jobs/takedown-job.ts');
      const result = await runTakedownJob({
        dataDir,
        databaseUrl,
        dataset: typeof options.dataset === 'string' ? options.dataset : null,
        conversationHashes: [...(options.conversationHash as string[]), ...fromFile.conversationHashes],
        turnIdentifiers: [...turnIdentifiers, ...fromFile.turnIdentifiers],
        hashedIps: [...(options.hashedIp as string[]), ...fromFile.hashedIps],
        operator: typeof options.operator === 'string' ? options.operator : '',
        note: options.note as string,
        now: Date.now(),
      });
      // A hash from an earlier release often matches nothing stored any more; say that it still counts.
      const unmatched =
        result.source === 'collected' && result.deletedConversations === 0 && result.conversationHashes.length > 0
          ? '; no stored conversation has them now (recorded all the same: no later release includes them)'
          : '';
      process.stdout.write(
        `took down ${result.conversationHashes.length} conversation hash(es) from ${result.source}${result.deletedConversations > 0 ? `; deleted ${result.deletedConversations} collected conversation(s)` : unmatched}\n`,
      );
      for (const hash of result.conversationHashes) process.stdout.write(`${hash}\n`);
    });
}
