/**
 * Counts the statements and commits a benchmark's clients send to one PostgreSQL database, so a
 * run can report round trips per turn next to CPU per turn. Statements come from
 * pg_stat_statements (top-level only: a function's inner statements do not count, one call is one
 * round trip), commits from pg_stat_database. The server must have been started with
 * `shared_preload_libraries = 'pg_stat_statements'` (see POSTGRES_STATEMENT_SETTINGS).
 */
import pg from 'pg';

export const POSTGRES_STATEMENT_SETTINGS: Record<string, string> = {
  shared_preload_libraries: "'pg_stat_statements'",
  'pg_stat_statements.track': "'top'",
  'pg_stat_statements.max': '1000',
};

export interface StatementShare {
  calls: number;
  /** Milliseconds the server spent executing them (pg_stat_statements total_exec_time). */
  executionMilliseconds: number;
  /** Rows they returned or changed. */
  rows: number;
  /** The normalised statement text, first line, shortened. */
  text: string;
}

export interface StatementCounts {
  statements: number;
  commits: number;
  /** The most frequent statements, most called first. */
  top: StatementShare[];
}

const SHOWN_STATEMENTS = 12;
const SHOWN_CHARACTERS = 90;

export class PostgresStatementCounter {
  #commitsAtReset = 0;

  constructor(
    /** The maintenance database's URL (the extension lives there; its view covers every database). */
    private readonly adminUrl: string,
    private readonly database: string,
  ) {}

  async #withClient<T>(body: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.adminUrl });
    await client.connect();
    try {
      return await body(client);
    } finally {
      await client.end();
    }
  }

  async reset(): Promise<void> {
    this.#commitsAtReset = await this.#withClient(async (client) => {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await client.query('SELECT pg_stat_statements_reset()');
      return this.#commits(client);
    });
  }

  async read(): Promise<StatementCounts> {
    return this.#withClient(async (client) => {
      // The statistics collector publishes commit counts with a short delay.
      await client.query('SELECT pg_stat_force_next_flush()');
      await new Promise((resolve) => setTimeout(resolve, 600));
      const rows = await client.query<{ calls: string; exec_ms: number; row_count: string; query: string }>(
        `SELECT s.calls::text AS calls, s.total_exec_time AS exec_ms, s.rows::text AS row_count, s.query FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
         WHERE d.datname = $1 ORDER BY s.calls DESC`,
        [this.database],
      );
      const statements = rows.rows.reduce((sum, row) => sum + Number(row.calls), 0);
      const top = rows.rows
        .slice(0, SHOWN_STATEMENTS)
        .map((row) => ({ calls: Number(row.calls), executionMilliseconds: Number(row.exec_ms), rows: Number(row.row_count), text: shorten(row.query) }));
      return { statements, commits: (await this.#commits(client)) - this.#commitsAtReset, top };
    });
  }

  async #commits(client: pg.Client): Promise<number> {
    const result = await client.query<{ n: string }>('SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = $1', [this.database]);
    return Number(result.rows[0]?.n ?? 0);
  }
}

function shorten(query: string): string {
  const oneLine = query.replace(/\s+/g, ' ').trim();
  return oneLine.length <= SHOWN_CHARACTERS ? oneLine : `${oneLine.slice(0, SHOWN_CHARACTERS - 1)}…`;
}
