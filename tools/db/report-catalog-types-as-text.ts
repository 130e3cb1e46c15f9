// @prisma/adapter-pg (7.10) throws UnsupportedNativeDataType for PostgreSQL catalog types such as "char"
// (pg_constraint.contype), which the schema engine selects when it describes a database. Every `migration`
// run against a real server needs that description (of the shadow database), so it failed. Those types have
// no pg type parser: their values already arrive as strings, so reporting the columns as text is exact.
// Application queries never select these types, so for them this is a no-op.
import pg from "pg";

const TEXT_OID = 25;

/** Catalog types whose text-protocol values pg returns as plain strings. */
const CATALOG_OIDS_READ_AS_TEXT = new Set([
  18, // "char"
  22, // int2vector
  24, // regproc
  27, // tid
  28, // xid
  29, // cid
  30, // oidvector
  194, // pg_node_tree
  1033, // aclitem
  2205, // regclass
  2206, // regtype
  3220, // pg_lsn
]);

export function reportCatalogTypesAsText(pool: pg.Pool): pg.Pool {
  const query = pool.query;
  // A Proxy rather than a subclass: PrismaPg needs `instanceof pg.Pool`, and re-declaring pg's many
  // query() overloads in a subclass would be all noise.
  return new Proxy(pool, {
    get(target, property) {
      if (property !== "query") return Reflect.get(target, property, target);
      return (...args: unknown[]): unknown => {
        const result: unknown = Reflect.apply(query, target, args);
        // Callback-style calls return undefined; only the promise form (the adapter's) is rewritten.
        return result instanceof Promise ? result.then(retypeCatalogColumns) : result;
      };
    },
  });
}

function retypeCatalogColumns(result: unknown): unknown {
  // A multi-statement script resolves to one result per statement.
  for (const single of Array.isArray(result) ? result : [result]) {
    if (single instanceof pg.Result) {
      for (const field of single.fields) {
        if (CATALOG_OIDS_READ_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
      }
    }
  }
  return result;
}
