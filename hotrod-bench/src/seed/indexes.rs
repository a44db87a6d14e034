//! A table's indexes built once after its load instead of row by row.
//!
//! COPY maintains every index of the table for every row. inventory_snapshots
//! has six, and its rows arrive day by day across all SKUs, so each day's
//! inserts land all over the (variant, date) and sku btrees: at year scale
//! that is most of the seed's time. Sorting the finished table once per index
//! (CREATE INDEX) is several times cheaper.
//!
//! So before a table's COPY its indexes and the constraints they back are
//! dropped, and after it they are recreated from their own definitions as the
//! server prints them (`pg_get_indexdef`, `pg_get_constraintdef`), under the
//! same names and in their original order (the planner breaks ties between
//! equal indexes by that order), all inside the seed's transaction. A table
//! keeps its indexes untouched when any of them carries something those
//! definitions leave out (a comment, a tablespace, a statistics target, a
//! foreign key or replica identity leaning on it) or when the seeding role
//! does not own it. Dropping an index locks its table (ACCESS EXCLUSIVE)
//! until the seed commits: a session reading the table meanwhile waits,
//! where before it saw the table empty.
//!
//! The builds use the server's own maintenance settings: on two cores the
//! default `maintenance_work_mem` (64 MB, which allows one parallel worker)
//! built the snapshots' indexes as fast as 256 MB or 1 GB did, or faster.

use anyhow::{Context, Result};
use sqlx::PgConnection;

/// The indexes of one table, dropped until [`Deferred::rebuild`].
#[must_use = "the dropped indexes come back only through rebuild (or a rollback)"]
pub struct Deferred {
    table: &'static str,
    indexes: Vec<Index>,
}

struct Index {
    /// Quoted as an identifier; the schema is the table's.
    name: String,
    /// Whether it backs a constraint (of the same name).
    constraint: bool,
    /// `CREATE INDEX …` or, for a constraint, `PRIMARY KEY (…)` / `UNIQUE (…)`.
    definition: String,
}

/// The table's indexes in creation order, with what recreating them needs and
/// whether their definitions capture them whole.
const INDEXES: &str = r#"
SELECT quote_ident(ic.relname) AS name,
       con.oid IS NOT NULL AS "constraint",
       coalesce(pg_get_constraintdef(con.oid), pg_get_indexdef(i.indexrelid)) AS definition,
       pg_has_role(t.relowner, 'USAGE')
       AND i.indisvalid AND NOT i.indisreplident AND NOT i.indisclustered
       AND ic.reltablespace = 0
       AND obj_description(i.indexrelid, 'pg_class') IS NULL
       AND (con.oid IS NULL OR (con.conname = ic.relname AND obj_description(con.oid, 'pg_constraint') IS NULL))
       AND NOT EXISTS (SELECT FROM pg_constraint fk WHERE fk.contype = 'f' AND fk.conindid = i.indexrelid)
       AND NOT EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = i.indexrelid AND a.attstattarget >= 0)
       AS rebuildable
FROM pg_index AS i
JOIN pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_class AS t ON t.oid = i.indrelid
LEFT JOIN pg_constraint AS con
       ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
WHERE i.indrelid = $1::regclass
ORDER BY i.indexrelid
"#;

/// Drops the indexes of `public.<table>` (none when they could not be
/// recreated exactly).
pub async fn defer(conn: &mut PgConnection, table: &'static str) -> Result<Deferred> {
    let rows: Vec<(String, bool, String, bool)> = sqlx::query_as(INDEXES)
        .bind(format!("public.{table}"))
        .fetch_all(&mut *conn)
        .await
        .with_context(|| format!("reading the indexes of {table}"))?;
    if !rows.iter().all(|(_, _, _, rebuildable)| *rebuildable) {
        return Ok(Deferred { table, indexes: Vec::new() });
    }
    let indexes: Vec<Index> =
        rows.into_iter().map(|(name, constraint, definition, _)| Index { name, constraint, definition }).collect();
    let drops: Vec<String> = indexes
        .iter()
        .map(|index| {
            if index.constraint {
                format!("ALTER TABLE public.{table} DROP CONSTRAINT {};", index.name)
            } else {
                format!("DROP INDEX public.{};", index.name)
            }
        })
        .collect();
    if !drops.is_empty() {
        sqlx::raw_sql(&drops.join("\n")).execute(&mut *conn).await.with_context(|| format!("dropping the indexes of {table}"))?;
    }
    Ok(Deferred { table, indexes })
}

impl Deferred {
    /// Recreates the dropped indexes, in their original order.
    pub async fn rebuild(self, conn: &mut PgConnection) -> Result<()> {
        for index in &self.indexes {
            let statement = if index.constraint {
                format!("ALTER TABLE public.{} ADD CONSTRAINT {} {}", self.table, index.name, index.definition)
            } else {
                index.definition.clone()
            };
            sqlx::raw_sql(&statement).execute(&mut *conn).await.with_context(|| format!("rebuilding: {statement}"))?;
        }
        Ok(())
    }
}
