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
//! then ANALYZEs its tables and commits, and both sessions fill the remaining
//! caches (they read tables of both halves, which both now see), taking them
//! in turn: alone, the inventory session left the other core idle for their
//! 2 to 3 seconds at year scale. A cache that reads another waits for it.
//! A failure before the store's commit rolls both back. A failure after it
//! empties the committed tables again (they were empty: [`super::seed_with`]
//! seeds empty tables only) and the caches with them, so either way the
//! tables are as they were — unless the process itself dies in the few
//! seconds after the first commit, which leaves tables filled and the next
//! seed asks for `--truncate`.
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
    /// The other caches it reads, through their readers (their relations).
    caches: Vec<String>,
}

/// Reads which tables each cached view reads, following views and caches
/// down to tables (`pg_depend` of each rewrite rule).
pub async fn caches(conn: &mut PgConnection) -> Result<Vec<Cache>> {
    let declared = &crate::model()?.catalog.caches;
    let relations: Vec<String> = declared.iter().map(|c| c.relation.to_string()).collect();
    let rows: Vec<(String, bool, Vec<String>, Vec<String>)> = sqlx::query_as(CACHE_TABLES)
        .bind(&relations)
        .fetch_all(&mut *conn)
        .await
        .context("reading which tables the cached views read")?;
    let mut caches = Vec::new();
    // In the declared order: a cache may read another's reader.
    for origin in declared {
        let relation = origin.relation.to_string();
        let (_, owned, tables, read_caches) = rows
            .iter()
            .find(|(name, ..)| *name == relation)
            .with_context(|| format!("cached view {relation} is not in the database: apply the migrations first"))?;
        let refresh = if *owned {
            format!("REFRESH MATERIALIZED VIEW {relation}")
        } else {
            format!("SELECT {}()", origin.refresher)
        };
        caches.push(Cache { relation, refresh, tables: tables.clone(), caches: read_caches.clone() });
    }
    Ok(caches)
}

/// `$1`: the caches' relations. Per cache: whether the session may refresh it
/// plainly (it owns it), the tables of `public` it reads, and the other
/// caches (materialized views) it reads.
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
                AND source.relnamespace = 'public'::regnamespace), ARRAY[]::text[]),
       coalesce(array_agg(DISTINCT source.oid::regclass::text) FILTER (WHERE source.relkind = 'm'), ARRAY[]::text[])
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

/// The inventory session's end, once the store's rows are committed: ANALYZE
/// of its tables (before the caches that read them), then its commit. Gives
/// back its tables' reports and what it took.
pub async fn commit_inventory(mut loaded: Loaded<'_>) -> Result<(Vec<TableReport>, Finish)> {
    let names: Vec<&str> = loaded.tables.iter().map(|t| t.table).collect();
    loaded.finish.analyze = analyze(&mut loaded.tx, &names).await?;
    loaded.tx.commit().await.context("committing the inventory's rows")?;
    Ok((loaded.tables, loaded.finish))
}

/// ANALYZEs `tables` (a refresh plans with their statistics), then fills `caches`.
async fn finish<'a>(tx: &mut PgConnection, tables: &[&str], caches: impl Iterator<Item = &'a Cache>) -> Result<Finish> {
    let analyze = analyze(tx, tables).await?;
    let started = Instant::now();
    for cache in caches {
        refresh(tx, cache).await?;
    }
    Ok(Finish { analyze, refresh_caches: started.elapsed() })
}

async fn analyze(tx: &mut PgConnection, tables: &[&str]) -> Result<Duration> {
    let started = Instant::now();
    sqlx::raw_sql(&format!("ANALYZE {}", super::table_list(tables.iter().copied()))).execute(&mut *tx).await.context("ANALYZE")?;
    Ok(started.elapsed())
}

async fn refresh(conn: &mut PgConnection, cache: &Cache) -> Result<()> {
    sqlx::raw_sql(&cache.refresh).execute(&mut *conn).await.with_context(|| format!("filling the cached view {}", cache.relation))?;
    Ok(())
}

/// Fills the caches the store session left, once every table is committed,
/// on both connections at once: each takes the next cache whose own sources
/// are filled, in the declared order. Every refresh commits on its own.
pub async fn refresh_rest(a: &mut PgConnection, b: &mut PgConnection, caches: &[Cache]) -> Result<Duration> {
    let started = Instant::now();
    let rest: Vec<&Cache> = caches.iter().filter(|c| !reads_only_store_tables(c)).collect();
    let queue = std::sync::Mutex::new(Queue { waiting: rest, running: Vec::new() });
    let progress = tokio::sync::Notify::new();
    tokio::try_join!(take_turns(a, &queue, &progress), take_turns(b, &queue, &progress))?;
    Ok(started.elapsed())
}

/// The caches not filled yet, and those being filled.
struct Queue<'a> {
    waiting: Vec<&'a Cache>,
    running: Vec<&'a Cache>,
}

impl<'a> Queue<'a> {
    /// The first waiting cache that reads no cache still waiting or running,
    /// now running; `Ok(None)` when every cache is taken, `Err(())` when the
    /// next ones wait for a running one.
    fn take(&mut self) -> Result<Option<&'a Cache>, ()> {
        let unfilled = |name: &String| self.waiting.iter().chain(&self.running).any(|c| &c.relation == name);
        let Some(at) = self.waiting.iter().position(|c| !c.caches.iter().any(unfilled)) else {
            return if self.waiting.is_empty() { Ok(None) } else { Err(()) };
        };
        let cache = self.waiting.remove(at);
        self.running.push(cache);
        Ok(Some(cache))
    }

    fn done(&mut self, cache: &Cache) {
        self.running.retain(|c| c.relation != cache.relation);
    }
}

/// One connection's part of [`refresh_rest`].
async fn take_turns(conn: &mut PgConnection, queue: &std::sync::Mutex<Queue<'_>>, progress: &tokio::sync::Notify) -> Result<()> {
    loop {
        // Registered before looking, so that a cache finished in between still wakes us.
        let woken = progress.notified();
        let next = queue.lock().expect("the queue lock is never poisoned").take();
        match next {
            Ok(Some(cache)) => {
                let filled = refresh(conn, cache).await;
                queue.lock().expect("the queue lock is never poisoned").done(cache);
                progress.notify_waiters();
                filled?;
            }
            Ok(None) => return Ok(()),
            Err(()) => woken.await,
        }
    }
}

/// After a failure that followed the store session's commit: empties the
/// store's tables (and, with `inventory_committed`, the inventory's too) and
/// the caches again, as they were before the seed.
pub async fn undo(conn: &mut PgConnection, caches: &[Cache], inventory_committed: bool) -> Result<()> {
    let mut tx = conn.begin().await?;
    let tables = super::TABLES.iter().copied().filter(|t| inventory_committed || !INVENTORY_TABLES.contains(t));
    sqlx::raw_sql(&format!("TRUNCATE {}", super::table_list(tables))).execute(&mut *tx).await?;
    for cache in caches.iter().filter(|c| inventory_committed || reads_only_store_tables(c)) {
        refresh(&mut tx, cache).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Cache, Queue};

    fn cache(relation: &str, reads: &[&str]) -> Cache {
        let caches = reads.iter().map(|r| r.to_string()).collect();
        Cache { relation: relation.to_owned(), refresh: String::new(), tables: Vec::new(), caches }
    }

    #[test]
    fn a_cache_waits_for_the_caches_it_reads() {
        let (a, b, c) = (cache("a", &[]), cache("b", &["a"]), cache("c", &[]));
        let mut queue = Queue { waiting: vec![&a, &b, &c], running: Vec::new() };
        let first = queue.take().unwrap().unwrap();
        assert_eq!(first.relation, "a");
        // b reads a, which is still being filled: c goes first, then nothing is ready.
        assert_eq!(queue.take().unwrap().unwrap().relation, "c");
        assert!(queue.take().is_err());
        queue.done(first);
        assert_eq!(queue.take().unwrap().unwrap().relation, "b");
        assert!(queue.take().unwrap().is_none());
    }
}
