//! The load split over two sessions, so that both cores work.
//!
//! The server does nearly all of a seed's work (at year scale the generators
//! take about 2 s of the client's CPU in all), and one session's COPY keeps
//! one core busy. So the tables load in two halves at once, each in its own
//! transaction:
//!
//! - the **inventory** session: `product_categories`, `inventory_snapshots`
//!   (7.3 M of the 8.45 M rows at year scale, and six index builds, which
//!   use both cores themselves) and `sku_performance`, which the snapshots'
//!   simulation feeds;
//! - the **store** session: every other table. It finishes well before the
//!   snapshots do, so it also ANALYZEs its tables and fills the cached views
//!   that read only them (`v_audit_export`'s formatting is the longest),
//!   while the inventory session is still loading.
//!
//! Once both loads succeed, the store session commits; the inventory session
//! then ANALYZEs its tables, fills the remaining caches (they read tables of
//! both halves, which it now sees) and commits. A failure before the store's
//! commit rolls both back. A failure after it empties the store's tables
//! again (they were empty: [`super::seed_with`] seeds empty tables only), so
//! either way the tables are as they were — unless the process itself dies
//! in the few seconds between the two commits, which leaves the store's
//! tables filled and the next seed asks for `--truncate`.
//!
//! A seed fills caches with a plain `REFRESH MATERIALIZED VIEW` where the
//! seeding role owns them: the refresh functions' `CONCURRENTLY` compares the
//! new rows with the old ones so that readers are not blocked, which costs
//! twice as much and buys nothing while the load's own locks are held.

use super::copy::{self, TableReport};
use super::row::RowSource;
use super::{audit, catalog, customers, daily, inventory, orders, world};
use anyhow::{Context, Result};
use indicatif::MultiProgress;
use sqlx::{Connection, PgConnection, Postgres, Transaction};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The tables the inventory session loads; the store session loads the rest.
pub const INVENTORY_TABLES: [&str; 3] = ["product_categories", "inventory_snapshots", "sku_performance"];

/// What both sessions share.
pub struct Inputs {
    pub world: Arc<world::World>,
    pub catalog: Arc<catalog::Catalog>,
    pub format: copy::Format,
    /// Progress bars, one per table being loaded (none when hidden).
    pub bars: Option<MultiProgress>,
}

/// A cached view and how a seed fills it.
#[derive(Debug, Clone)]
pub struct Cache {
    relation: String,
    /// `REFRESH MATERIALIZED VIEW …`, or the refresh function where the role does not own the view.
    refresh: String,
    /// The tables it reads, directly or through views (`public.<name>` → `<name>`).
    tables: Vec<String>,
}

/// Reads which tables each cached view reads, following views and caches
/// down to tables (`pg_depend` of each rewrite rule).
pub async fn caches(conn: &mut PgConnection) -> Result<Vec<Cache>> {
    let declared = &crate::model()?.catalog.caches;
    let relations: Vec<String> = declared.iter().map(|c| c.relation.to_string()).collect();
    let rows: Vec<(String, bool, Vec<String>)> = sqlx::query_as(CACHE_TABLES)
        .bind(&relations)
        .fetch_all(&mut *conn)
        .await
        .context("reading which tables the cached views read")?;
    let mut caches = Vec::new();
    // In the declared order: a cache may read another's reader.
    for origin in declared {
        let relation = origin.relation.to_string();
        let (_, owned, tables) = rows
            .iter()
            .find(|(name, _, _)| *name == relation)
            .with_context(|| format!("cached view {relation} is not in the database: apply the migrations first"))?;
        let refresh = if *owned {
            format!("REFRESH MATERIALIZED VIEW {relation}")
        } else {
            format!("SELECT {}()", origin.refresher)
        };
        caches.push(Cache { relation, refresh, tables: tables.clone() });
    }
    Ok(caches)
}

/// `$1`: the caches' relations. Per cache: whether the session may refresh it
/// plainly (it owns it), and the tables of `public` it reads.
const CACHE_TABLES: &str = r#"
WITH RECURSIVE reads(cache, source) AS (
    SELECT r.ev_class, d.refobjid
    FROM pg_rewrite r
    JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
     AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class
    WHERE r.ev_class = ANY($1::text[]::regclass[])
  UNION
    SELECT reads.cache, d.refobjid
    FROM reads
    JOIN pg_rewrite r ON r.ev_class = reads.source
    JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
     AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class
)
SELECT cache.oid::regclass::text,
       pg_has_role(cache.relowner, 'USAGE'),
       coalesce(array_agg(DISTINCT source.relname::text) FILTER (WHERE source.relkind IN ('r', 'p')
                AND source.relnamespace = 'public'::regnamespace), ARRAY[]::text[])
FROM pg_class cache
LEFT JOIN reads ON reads.cache = cache.oid
LEFT JOIN pg_class source ON source.oid = reads.source
WHERE cache.oid = ANY($1::text[]::regclass[])
GROUP BY cache.oid
"#;

/// Whether every table `cache` reads is one the store session loads.
fn reads_only_store_tables(cache: &Cache) -> bool {
    cache.tables.iter().all(|t| !INVENTORY_TABLES.contains(&t.as_str()))
}

/// What a session did besides its tables.
#[derive(Debug, Clone, Default)]
pub struct Finish {
    pub analyze: Duration,
    pub refresh_caches: Duration,
}

/// A session's loaded, uncommitted transaction and what it took.
pub struct Loaded<'c> {
    pub tx: Transaction<'c, Postgres>,
    pub tables: Vec<TableReport>,
    /// Until its last table's indexes were built.
    pub load: Duration,
    pub finish: Finish,
}

async fn begin(conn: &mut PgConnection) -> Result<Transaction<'_, Postgres>> {
    let mut tx = conn.begin().await?;
    sqlx::query("SET LOCAL synchronous_commit = off").execute(&mut *tx).await?;
    Ok(tx)
}

/// Loads one table in `tx`, recording its report.
async fn load<S: RowSource>(
    tx: &mut PgConnection,
    inputs: &Inputs,
    tables: &mut Vec<TableReport>,
    table: &'static str,
    columns: &[&str],
    expected: u64,
    source: S,
) -> Result<S> {
    let (report, source) = copy::copy_table(tx, table, columns, expected, source, inputs.format, inputs.bars.as_ref()).await?;
    tables.push(report);
    Ok(source)
}

/// The inventory session's tables.
pub async fn inventory<'c>(conn: &'c mut PgConnection, inputs: &Inputs) -> Result<Loaded<'c>> {
    let started = Instant::now();
    let mut tx = begin(conn).await?;
    let mut tables = Vec::new();
    let catalog = &inputs.catalog;
    let n = catalog.products.len() as u64;
    let products = catalog::Products::new(catalog.clone());
    load(&mut tx, inputs, &mut tables, "product_categories", catalog::PRODUCT_COLUMNS, n, products).await?;
    let expected = inventory::InventorySim::expected_rows(catalog);
    let sim = inventory::InventorySim::new(catalog.clone(), inputs.world.clone());
    let sim = load(&mut tx, inputs, &mut tables, "inventory_snapshots", inventory::SNAPSHOT_COLUMNS, expected, sim).await?;
    let performance = inventory::SkuPerformance::new(catalog.clone(), sim.into_states(), &inputs.world);
    let n = catalog.skus.len() as u64;
    load(&mut tx, inputs, &mut tables, "sku_performance", inventory::PERFORMANCE_COLUMNS, n, performance).await?;
    Ok(Loaded { tx, tables, load: started.elapsed(), finish: Finish::default() })
}

/// The store session's tables, then their statistics and the caches that read only them.
pub async fn store<'c>(conn: &'c mut PgConnection, inputs: &Inputs, caches: &[Cache]) -> Result<Loaded<'c>> {
    let started = Instant::now();
    let mut tx = begin(conn).await?;
    let mut tables = Vec::new();
    let world = &inputs.world;
    let expected = customers::Customers::expected_rows(world);
    load(&mut tx, inputs, &mut tables, "customer_segments", customers::COLUMNS, expected, customers::Customers::new(world.clone())).await?;
    let expected = orders::Fulfillment::expected_rows(world);
    let fulfillment = orders::Fulfillment::new(world.clone());
    let fulfillment = load(&mut tx, inputs, &mut tables, "fulfillment_tracking", orders::FULFILLMENT_COLUMNS, expected, fulfillment).await?;
    let conversations = orders::Conversations::new(world.clone());
    let expected = conversations.expected_rows();
    load(&mut tx, inputs, &mut tables, "cx_conversations", orders::CX_COLUMNS, expected, conversations).await?;
    let sales = daily::Sales::new(world.clone(), fulfillment.into_fulfilled_by_day());
    let days = daily::history_rows();
    load(&mut tx, inputs, &mut tables, "sales_metrics_daily", daily::SALES_COLUMNS, days, sales).await?;
    let activation = daily::Activation::new(world.clone());
    load(&mut tx, inputs, &mut tables, "shop_activation_metrics", daily::ACTIVATION_COLUMNS, days, activation).await?;
    let savings = daily::TimeSavings::new(world.clone());
    load(&mut tx, inputs, &mut tables, "ceo_time_savings", daily::TIME_SAVINGS_COLUMNS, days, savings).await?;
    let expected = daily::OperatorSla::expected_rows(world);
    load(&mut tx, inputs, &mut tables, "operator_sla_resolution", daily::SLA_COLUMNS, expected, daily::OperatorSla::new(world.clone())).await?;
    let log = audit::Audit::new(world.clone(), inputs.catalog.clone(), false);
    let expected = log.expected_rows();
    load(&mut tx, inputs, &mut tables, "audit_log", audit::LOG_COLUMNS, expected, log).await?;
    let archive = audit::Audit::new(world.clone(), inputs.catalog.clone(), true);
    let expected = archive.expected_rows();
    load(&mut tx, inputs, &mut tables, "audit_log_archive", audit::ARCHIVE_COLUMNS, expected, archive).await?;
    let load_time = started.elapsed();
    let names: Vec<&str> = tables.iter().map(|t| t.table).collect();
    let finish = finish(&mut tx, &names, caches.iter().filter(|c| reads_only_store_tables(c))).await?;
    Ok(Loaded { tx, tables, load: load_time, finish })
}

/// The inventory session's end, once the store's rows are committed and
/// visible to it: its statistics and the caches the store session left.
pub async fn finish_inventory(loaded: &mut Loaded<'_>, caches: &[Cache]) -> Result<()> {
    let names: Vec<&str> = loaded.tables.iter().map(|t| t.table).collect();
    loaded.finish = finish(&mut loaded.tx, &names, caches.iter().filter(|c| !reads_only_store_tables(c))).await?;
    Ok(())
}

/// ANALYZEs `tables` (a refresh plans with their statistics), then fills `caches`.
async fn finish<'a>(tx: &mut PgConnection, tables: &[&str], caches: impl Iterator<Item = &'a Cache>) -> Result<Finish> {
    let started = Instant::now();
    sqlx::raw_sql(&format!("ANALYZE {}", super::table_list(tables.iter().copied()))).execute(&mut *tx).await.context("ANALYZE")?;
    let analyze = started.elapsed();
    let started = Instant::now();
    for cache in caches {
        sqlx::raw_sql(&cache.refresh).execute(&mut *tx).await.with_context(|| format!("filling the cached view {}", cache.relation))?;
    }
    Ok(Finish { analyze, refresh_caches: started.elapsed() })
}

/// After a failure that followed the store session's commit: empties its
/// tables and the caches it filled again, as they were before the seed.
pub async fn undo_store(conn: &mut PgConnection, caches: &[Cache]) -> Result<()> {
    let mut tx = conn.begin().await?;
    let store = super::TABLES.iter().copied().filter(|t| !INVENTORY_TABLES.contains(t));
    sqlx::raw_sql(&format!("TRUNCATE {}", super::table_list(store))).execute(&mut *tx).await?;
    for cache in caches.iter().filter(|c| reads_only_store_tables(c)) {
        sqlx::raw_sql(&cache.refresh).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
