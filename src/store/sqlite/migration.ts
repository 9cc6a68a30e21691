/** A schema change, applied once, in id order, inside a transaction. */
export interface Migration {
  /** Unique and sortable: '0001-raw-log', '0100-datasets', '0200-annotations' ... */
  id: string;
  sql: string;
}
