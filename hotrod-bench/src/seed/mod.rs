//! `cargo xtask seed --scale <tiny|small|year|N>`: fills every table with
//! deterministic, realistic synthetic data (the same scale and day give the
//! same rows, byte for byte), loaded with COPY.
//!
//! ```text
//! cargo xtask seed --scale small                    throwaway local server, kept until Ctrl-C
//! cargo xtask seed --scale year --exit              ... stopped and deleted once seeded (timing)
//! cargo xtask seed --scale 0.1 --database-url URL   an already migrated, empty database
//! cargo xtask seed --scale tiny --database-url URL --truncate   empty its tables first
//! ```
//!
//! `year` is about a year of a busy store: 20,000 products and SKUs, one
//! inventory snapshot per SKU and day (7.3 M rows), 120,000 customers, 250,000
//! orders, 80,000 conversations, three years of daily metrics, 30 operators
//! and 500,000 audit entries. `tiny` is 1/1000 of it, `small` 1/50, and a
//! number is a factor of it. Dates are relative to the database's
//! `current_date` (or `--today`), so the dashboards' recent windows have data.
//!
//! The load runs over two sessions at once, each one transaction
//! (sessions.rs): the inventory (the snapshots are 7.3 M of the 8.45 M rows
//! at year scale) on one, every other table and the caches that read only
//! them on the other, so both cores work; once both commit, the caches that
//! read both halves fill on both sessions. A failure leaves the tables as
//! they were. Each table's rows stream in COPY's binary format while they are
//! generated (copy.rs, row.rs), into storage made new in the transaction and
//! written frozen (copy.rs: no WAL, no per-row visibility checks after), and
//! its indexes are dropped before and rebuilt after its COPY (indexes.rs):
//! the server then sorts each index once instead of maintaining six btrees
//! row by row. The server does nearly all
//! the work; the generators take about 2 s of the client's CPU at year scale.
//!
//! The generators live one file per table group; [`seed`] is the library
//! entry point for tests and benchmarks.

mod audit;
mod calendar;
mod catalog;
mod copy;
mod customers;
mod daily;
mod indexes;
mod inventory;
mod orders;
mod rng;
mod row;
mod sessions;
mod taxonomy;
#[cfg(test)]
mod tests;
mod world;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use sqlx::{Connection, PgConnection};
use std::fmt;
use std::process::ExitCode;
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use copy::TableReport;

/// Every table seeded, in load order.
pub const TABLES: [&str; 12] = [
    "product_categories",
    "inventory_snapshots",
    "sku_performance",
    "customer_segments",
    "fulfillment_tracking",
    "cx_conversations",
    "sales_metrics_daily",
    "shop_activation_metrics",
    "ceo_time_savings",
    "operator_sla_resolution",
    "audit_log",
    "audit_log_archive",
];

/// How much data, as a factor of `year`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale(pub f64);

impl Scale {
    pub const TINY: Scale = Scale(0.001);
    pub const SMALL: Scale = Scale(0.02);
    pub const YEAR: Scale = Scale(1.0);
}

impl FromStr for Scale {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "tiny" => Ok(Scale::TINY),
            "small" => Ok(Scale::SMALL),
            "year" => Ok(Scale::YEAR),
            _ => match text.parse::<f64>() {
                Ok(f) if f.is_finite() && f > 0.0 && f <= 100.0 => Ok(Scale(f)),
                _ => Err(format!("`{text}` is not a scale: use tiny, small, year or a factor of year in (0, 100], e.g. 0.1")),
            },
        }
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Scale::TINY => write!(f, "tiny"),
            Scale::SMALL => write!(f, "small"),
            Scale::YEAR => write!(f, "year"),
            Scale(factor) => write!(f, "{factor}"),
        }
    }
}

/// What [`seed_with`] does besides the scale.
#[derive(Debug, Clone)]
pub struct SeedOptions {
    pub scale: Scale,
    /// The day the data ends on (its latest snapshot); the database's
    /// `current_date` when `None`.
    pub today: Option<NaiveDate>,
    /// Draw a progress bar per table (on a terminal).
    pub progress: bool,
}

/// Rows and time per table.
#[derive(Debug, Clone)]
#[allow(dead_code)] // read by callers of the library entry point
pub struct SeedReport {
    pub scale: Scale,
    pub today: NaiveDate,
    pub tables: Vec<TableReport>,
    /// Until both sessions had loaded their tables and built their indexes.
    pub load: Duration,
    /// The store session's statistics and caches, while the inventory was still loading.
    pub store_finish: sessions::Finish,
    /// The inventory session's statistics, and the other caches (filled on
    /// both connections), after the load.
    pub inventory_finish: sessions::Finish,
    pub total: Duration,
}

impl SeedReport {
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rate = |rows: u64, time: Duration| grouped((rows as f64 / time.as_secs_f64().max(1e-9)) as u64);
        writeln!(f, "{:<26} {:>12} {:>9} {:>11} {:>9}  session", "table", "rows", "seconds", "rows/s", "indexes")?;
        for t in &self.tables {
            let session = if sessions::INVENTORY_TABLES.contains(&t.table) { "inventory" } else { "store" };
            let (rows, secs) = (grouped(t.rows), t.elapsed.as_secs_f64());
            let (speed, indexes) = (rate(t.rows, t.elapsed), t.indexes.as_secs_f64());
            writeln!(f, "{:<26} {rows:>12} {secs:>9.2} {speed:>11} {indexes:>9.2}  {session}", t.table)?;
        }
        let (store, inventory) = (&self.store_finish, &self.inventory_finish);
        let rows = self.rows();
        writeln!(f, "{:<26} {:>12} {:>9.2} {:>11}", "loaded (both sessions)", grouped(rows), self.load.as_secs_f64(), rate(rows, self.load))?;
        writeln!(f, "  store: ANALYZE {:.2} s, cached views {:.2} s, during the inventory's load", store.analyze.as_secs_f64(), store.refresh_caches.as_secs_f64())?;
        writeln!(f, "  inventory: ANALYZE {:.2} s, after it; the other cached views {:.2} s, on both sessions", inventory.analyze.as_secs_f64(), inventory.refresh_caches.as_secs_f64())?;
        write!(f, "{:<26} {:>12} {:>9.2} {:>11}", "total", grouped(rows), self.total.as_secs_f64(), rate(rows, self.total))
    }
}

/// `n` with thousands separators.
/// `public.a, public.b, …`: seeded tables for one TRUNCATE or ANALYZE (their names are the project's own).
fn table_list<'a>(tables: impl IntoIterator<Item = &'a str>) -> String {
    tables.into_iter().map(|t| format!("public.{t}")).collect::<Vec<_>>().join(", ")
}

fn grouped(n: u64) -> String {
    let digits = n.to_string().into_bytes();
    let groups: Vec<&str> = digits.rchunks(3).rev().map(|g| std::str::from_utf8(g).expect("digits")).collect();
    groups.join(",")
}

/// Seeds every table of an already migrated, empty database at `scale` over
/// two sessions of it (`main` and `side`), with progress bars, ANALYZEs them
/// and fills the cached views. The library entry point for tests and
/// benchmarks (the CLI goes through [`seed_with`]).
#[allow(dead_code)]
pub async fn seed(main: &mut PgConnection, side: &mut PgConnection, scale: Scale) -> Result<SeedReport> {
    seed_with(main, side, SeedOptions { scale, today: None, progress: true }).await
}

pub async fn seed_with(main: &mut PgConnection, side: &mut PgConnection, options: SeedOptions) -> Result<SeedReport> {
    seed_in(main, side, options, copy::Format::Binary).await
}

/// [`seed_with`] sending the rows in `format` (the tests compare the two).
async fn seed_in(main: &mut PgConnection, side: &mut PgConnection, options: SeedOptions, format: copy::Format) -> Result<SeedReport> {
    let started = Instant::now();
    let today = match options.today {
        Some(day) => day,
        None => sqlx::query_scalar("SELECT current_date").fetch_one(&mut *main).await.context("reading current_date")?,
    };
    let world = Arc::new(world::World::new(options.scale.0, day_number(today)));
    let catalog = catalog::Catalog::build(&world);
    let bars = options.progress.then(indicatif::MultiProgress::new);
    let inputs = sessions::Inputs { world, catalog, format, bars };
    let caches = sessions::caches(main).await?;

    // Both halves load at once; an error in either rolls both back (a dropped
    // transaction rolls back).
    let (inventory, mut tables, store_finish, load) = {
        let (inventory, store) = tokio::try_join!(sessions::inventory(main, &inputs), sessions::store(side, &inputs, &caches))?;
        // Both sessions' COPY and index builds (the store's caches may still have run after).
        let load = inventory.load.max(store.load);
        store.tx.commit().await.context("committing the store's rows")?;
        (inventory, store.tables, store.finish, load)
    };
    let inventory_finish = match sessions::commit_inventory(inventory).await {
        Err(error) => return Err(undone(error, side, &caches, false).await),
        Ok((loaded, mut finish)) => {
            tables.extend(loaded);
            match sessions::refresh_rest(main, side, &caches).await {
                Ok(time) => {
                    finish.refresh_caches = time;
                    finish
                }
                Err(error) => return Err(undone(error, side, &caches, true).await),
            }
        }
    };
    tables.sort_by_key(|t| TABLES.iter().position(|name| *name == t.table));
    Ok(SeedReport { scale: options.scale, today, tables, load, store_finish, inventory_finish, total: started.elapsed() })
}

/// `error`, after emptying what the seed had committed again (see [`sessions::undo`]).
async fn undone(error: anyhow::Error, conn: &mut PgConnection, caches: &[sessions::Cache], inventory_committed: bool) -> anyhow::Error {
    let what = if inventory_committed { "tables and caches" } else { "store's tables" };
    match sessions::undo(conn, caches, inventory_committed).await {
        Ok(()) => error.context(format!("seeding the inventory (the committed {what} were emptied again)")),
        Err(undo) => error.context(format!("seeding the inventory; emptying the committed {what} again failed too: {undo:#}")),
    }
}

/// Days since 1970-01-01.
fn day_number(date: NaiveDate) -> calendar::Day {
    (date - NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")).num_days() as calendar::Day
}

/// `cargo xtask seed` arguments.
#[derive(clap::Args, Debug)]
pub struct SeedArgs {
    /// tiny (≈1/1000 of year), small (≈1/50), year, or a factor of year such as 0.1.
    #[arg(long)]
    pub scale: Scale,
    /// Seed this database (migrated, empty) instead of a throwaway local server.
    #[arg(long)]
    pub database_url: Option<String>,
    /// With --database-url: TRUNCATE every seeded table first.
    #[arg(long)]
    pub truncate: bool,
    /// Stop and delete the throwaway server once seeded instead of waiting for Ctrl-C.
    #[arg(long)]
    pub exit: bool,
    /// End the data on this day instead of the database's current_date (YYYY-MM-DD).
    #[arg(long)]
    pub today: Option<NaiveDate>,
}

pub fn run(args: SeedArgs) -> Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        match &args.database_url {
            Some(url) => seed_existing(url, &args).await,
            None => seed_local(&args).await,
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

fn options(args: &SeedArgs) -> SeedOptions {
    SeedOptions { scale: args.scale, today: args.today, progress: true }
}

async fn seed_existing(url: &str, args: &SeedArgs) -> Result<()> {
    if args.exit {
        eprintln!("note: --exit only applies to the throwaway server; ignored with --database-url");
    }
    let mut conn = tokio::time::timeout(Duration::from_secs(10), PgConnection::connect(url))
        .await
        .map_err(|_| anyhow::anyhow!("no answer from --database-url within 10 s"))?
        .context("connecting to --database-url")?;
    let missing: Vec<String> = sqlx::query_scalar(
        "SELECT t FROM unnest($1::text[]) AS t WHERE to_regclass('public.' || quote_ident(t)) IS NULL",
    )
    .bind(TABLES.map(String::from).to_vec())
    .fetch_all(&mut conn)
    .await?;
    if !missing.is_empty() {
        bail!(
            "the database is not migrated: table(s) {} missing. Apply generated/migrations first \
             (e.g. `sqlx migrate run --source generated/migrations`), then seed again",
            missing.join(", ")
        );
    }
    let mut filled = Vec::new();
    for table in TABLES {
        let any: bool = sqlx::query_scalar(&format!("SELECT EXISTS (SELECT FROM public.{table})")).fetch_one(&mut conn).await?;
        if any {
            filled.push(table);
        }
    }
    if !filled.is_empty() {
        if !args.truncate {
            bail!(
                "refusing to seed a non-empty database: {} already hold rows; pass --truncate to empty all {} seeded tables first",
                filled.join(", "),
                TABLES.len()
            );
        }
        sqlx::raw_sql(&format!("TRUNCATE {}", table_list(TABLES))).execute(&mut conn).await.context("TRUNCATE")?;
        println!("truncated {} tables", TABLES.len());
    }
    println!("seeding at scale {} ...", args.scale);
    let mut side = PgConnection::connect(url).await.context("opening a second session on --database-url")?;
    let report = seed_with(&mut conn, &mut side, options(args)).await?;
    println!("{report}");
    conn.close().await.ok();
    side.close().await.ok();
    Ok(())
}

async fn seed_local(args: &SeedArgs) -> Result<()> {
    let started = Instant::now();
    let server = schema_testkit::pg::start_local_server().await.context("starting a throwaway PostgreSQL server")?;
    let url = create_database(&server, "hotrodan").await?;
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(2).connect(&url).await?;
    let baseline = std::fs::read_to_string(schema_testkit::pg::BASELINE_SQL).context("reading the Supabase baseline")?;
    sqlx::raw_sql(&baseline).execute(&pool).await.context("applying the Supabase baseline")?;
    crate::apply_migrations(&pool).await?;
    println!("server, baseline and migrations ready in {:.1} s; seeding at scale {} ...", started.elapsed().as_secs_f64(), args.scale);

    let (mut main, mut side) = (pool.acquire().await?, pool.acquire().await?);
    let report = seed_with(&mut main, &mut side, options(args)).await?;
    drop((main, side));
    println!("{report}");
    pool.close().await;
    if args.exit {
        println!("--exit: stopping the server and deleting its data");
        drop(server);
        return Ok(());
    }
    let psql = server.bin_dir().join("psql");
    println!("\nThe seeded database: {url}");
    println!("Connect with:        {} {url}", if on_path("psql") { "psql".into() } else { psql.display().to_string() });
    println!("The server runs until you press Ctrl-C; then it stops and its data is deleted.");
    tokio::signal::ctrl_c().await.context("waiting for Ctrl-C")?;
    println!("\nstopping the server");
    drop(server);
    Ok(())
}

/// Creates database `name` (C collation, like the test databases) on a
/// throwaway server and returns its superuser URL.
pub async fn create_database(server: &schema_testkit::pg::LocalServer, name: &str) -> Result<String> {
    let mut admin = PgConnection::connect(server.url()).await.context("connecting to the throwaway server")?;
    sqlx::raw_sql(&format!("CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"))
        .execute(&mut admin)
        .await
        .with_context(|| format!("creating database {name}"))?;
    admin.close().await.ok();
    Ok(format!("postgres://postgres@127.0.0.1:{}/{name}", server.port()))
}

/// A copy of database `from` (which nobody may be connected to) named `name`,
/// copied file by file: much faster than WAL-logging a seeded database.
pub async fn copy_database(server: &schema_testkit::pg::LocalServer, from: &str, name: &str) -> Result<String> {
    let mut admin = PgConnection::connect(server.url()).await.context("connecting to the throwaway server")?;
    // A pooled connection handed back after its pool closed can linger idle
    // (sqlx returns connections from a spawned task); on this throwaway
    // server such a session is ended so that the copy can start.
    sqlx::query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND state = 'idle' AND pid <> pg_backend_pid()")
        .bind(from)
        .execute(&mut admin)
        .await?;
    for _ in 0..50 {
        let others: i64 = sqlx::query_scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = $1").bind(from).fetch_one(&mut admin).await?;
        if others == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    sqlx::raw_sql(&format!("CREATE DATABASE \"{name}\" TEMPLATE \"{from}\" STRATEGY FILE_COPY"))
        .execute(&mut admin)
        .await
        .with_context(|| format!("copying database {from} to {name}"))?;
    admin.close().await.ok();
    Ok(format!("postgres://postgres@127.0.0.1:{}/{name}", server.port()))
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}
