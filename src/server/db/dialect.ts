// Every dialect difference lives here (DESIGN §2): column types for migrations, value conversion
// for queries, and the few SQL fragments that differ.
import {
  type ColumnDataType,
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
  type PrimitiveValueListNode,
  sql,
  type RawBuilder,
} from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** Column types for migrations: one migration, both dialects. */
export type ColumnTypes = {
  /** Instant, UTC. timestamptz on PostgreSQL, ISO-8601 text on SQLite. Read back as an ISO string on both. */
  timestamp: ColumnDataType;
  /** Calendar date YYYY-MM-DD; read back as that string on both. */
  date: ColumnDataType;
  /** Boolean. Column names must start with is_/has_/can_ so SQLite's 0/1 is read back as a boolean. */
  bool: ColumnDataType;
  /** JSON document. Column names must end with _json; read back as a parsed value on both. */
  json: ColumnDataType;
  /** 64-bit integer (money in minor units, counters); read back as a JS number on both, overflow throws. */
  bigint: ColumnDataType;
  /** Bytes (a generated document): bytea on PostgreSQL, blob on SQLite; read back as a Buffer on both. */
  bytes: ColumnDataType;
};

export function columnTypes(dialect: DialectName): ColumnTypes {
  return dialect === 'postgres'
    ? { timestamp: 'timestamptz', date: 'date', bool: 'boolean', json: 'jsonb', bigint: 'bigint', bytes: 'bytea' }
    : { timestamp: 'text', date: 'text', bool: 'integer', json: 'text', bigint: 'integer', bytes: 'blob' };
}

const BOOL_COLUMN = /^(is|has|can)_/;
const JSON_COLUMN = /_json$/;

function isPlainJson(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !(v instanceof Date) && !Buffer.isBuffer(v) && !(v instanceof Uint8Array);
}

/** A query parameter as the driver must receive it. */
export function toDriverValue(dialect: DialectName, v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (isPlainJson(v)) return JSON.stringify(v); // pg would turn a JS array into a PG array
  if (dialect === 'sqlite' && typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

class ParamTransformer extends OperationNodeTransformer {
  constructor(private readonly dialect: DialectName) {
    super();
  }
  private conv(v: unknown): unknown {
    return toDriverValue(this.dialect, v);
  }
  protected override transformValue(node: ValueNode): ValueNode {
    return { ...super.transformValue(node), value: this.conv(node.value) };
  }
  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return { ...super.transformPrimitiveValueList(node), values: node.values.map((v) => this.conv(v)) };
  }
}

/** Converts parameters on the way in and, by column-name convention, values on the way out. */
export class DialectValuesPlugin implements KyselyPlugin {
  private readonly t: ParamTransformer | undefined;
  /** paramsInDriver: the driver converts parameters itself (SQLite's statement wrapper), so the
   *  query tree is left alone — rebuilding it costs more than running a small indexed query. */
  constructor(
    private readonly dialect: DialectName,
    opts: { paramsInDriver?: boolean } = {},
  ) {
    this.t = opts.paramsInDriver ? undefined : new ParamTransformer(dialect);
  }
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.t ? this.t.transformNode(args.node) : args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const rows = args.result.rows;
    if (rows.length === 0) return args.result;
    const keys = Object.keys(rows[0]!);
    const boolKeys = this.dialect === 'sqlite' ? keys.filter((k) => BOOL_COLUMN.test(k)) : [];
    const jsonKeys = keys.filter((k) => JSON_COLUMN.test(k));
    if (boolKeys.length === 0 && jsonKeys.length === 0) return args.result;
    for (const row of rows) {
      for (const k of boolKeys) if (typeof row[k] === 'number') row[k] = row[k] === 1;
      for (const k of jsonKeys) if (typeof row[k] === 'string') row[k] = JSON.parse(row[k] as string);
    }
    return args.result;
  }
}

/** Case-insensitive LIKE (ILIKE on PostgreSQL). */
export function likeOperator(dialect: DialectName): 'like' | 'ilike' {
  return dialect === 'postgres' ? 'ilike' : 'like';
}

/** The current instant as SQL, for defaults in migrations. */
export function nowSql(dialect: DialectName): RawBuilder<string> {
  return dialect === 'postgres' ? sql`now()` : sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;
}

/** A unique or primary-key violation (two requests inserting the same key at once), on either dialect. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
