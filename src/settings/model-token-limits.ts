/** --model-token-limits entries: MODEL=DEFAULT/CEILING, checked at start-up and read by the server. */
export interface TokenLimits {
  defaultMaxTokens: number;
  ceiling: number;
}

/** Parses "model=512/2048" entries; throws naming the bad entry. */
export function parseModelTokenLimits(entries: readonly string[]): Map<string, TokenLimits> {
  const limits = new Map<string, TokenLimits>();
  for (const entry of entries) {
    const match = /^(.+)=([1-9][0-9]*)\/([1-9][0-9]*)$/.exec(entry.trim());
    if (match === null || match[1] === undefined || match[2] === undefined || match[3] === undefined) {
      throw new Error(`"${entry}" is not MODEL=DEFAULT/CEILING (e.g. gpt-4o=1024/4096)`);
    }
    const defaultMaxTokens = Number(match[2]);
    const ceiling = Number(match[3]);
    if (defaultMaxTokens > ceiling) throw new Error(`"${entry}": the default is above the ceiling`);
    limits.set(match[1].trim(), { defaultMaxTokens, ceiling });
  }
  return limits;
}
