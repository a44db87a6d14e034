//! `cargo xtask bench [--scale year]`: every view, repeatedly, on a warm cache,
//! as an operator (so RLS is part of the cost), against its target with a 2×
//! margin: p95 ≤ 10 ms for the eight real-time dashboard views (their target is
//! 20 ms), ≤ 100 ms for the other analytical views (the dictionary's 200 ms).
//! Views returning more than 1,000 rows are lists and exports, judged by a page
//! and by COPY throughput instead ([`lists`]).
//!
//! The seeded database is vacuumed and analyzed before the measurements, as a
//! live one would be. Also timed: rendering `generated/` (what `cargo xtask gen`
//! does), applying the migrations to a fresh database, and seeding. Results are printed and
//! written to `results/bench-<scale>.json` and `.svg` (not committed).

mod drift;
mod lists;
mod online;
#[cfg(test)]
mod plan_snapshots;
mod report;
mod stats;

use crate::seed::{self, Scale, SeedOptions};
use anyhow::{Context, Result};
use report::{BenchReport, ViewResult};
use stats::percentile;
use schema_testkit::plans;
use sqlx::{Connection, PgConnection};
use std::process::ExitCode;
use std::time::Instant;

/// The dictionary group whose views must answer within 20 ms.
const DASHBOARD_GROUP: &str = schema_def::views::group::DASHBOARD;

#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// tiny, small, year, or a factor of year.
    #[arg(long, default_value = "small")]
    pub scale: Scale,
    /// Timed runs per view (after two warm-up runs).
    #[arg(long, default_value_t = 20)]
    pub iterations: usize,
    /// Time only drift (and the Supabase CLI's differ, where installed) on a
    /// migrated database: no seeding, no views (`cargo xtask bench` always
    /// builds in release).
    #[arg(long)]
    pub drift_only: bool,
    /// Seed, then time only the day-two change under load (online plan
    /// beside the old way); no view measurements.
    #[arg(long, conflicts_with = "drift_only")]
    pub day_two_only: bool,
    /// Seed, then time only the views (no drift timing, no day-two change).
    #[arg(long, conflicts_with_all = ["drift_only", "day_two_only"])]
    pub views_only: bool,
}

pub fn run(args: BenchArgs) -> Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let report = runtime.block_on(bench(&args))?;
    println!("\n{}", report::table(&report));
    let dir = schema_def::project().root.join("results");
    std::fs::create_dir_all(&dir)?;
    let stem = dir.join(format!("bench-{}", report.scale));
    std::fs::write(stem.with_extension("json"), serde_json::to_string_pretty(&report)? + "\n")?;
    std::fs::write(stem.with_extension("svg"), report::svg(&report))?;
    println!("wrote {}.json and .svg", stem.display());
    Ok(ExitCode::SUCCESS)
}

async fn bench(args: &BenchArgs) -> Result<BenchReport> {
    let started = Instant::now();
    let model = crate::model()?;
    let _ = schema_cli::generated::generated_files(&schema_def::project(), &model)?;
    let gen_seconds = started.elapsed().as_secs_f64();

    let server = schema_testkit::pg::start_local_server().await.context("starting a throwaway PostgreSQL server")?;
    let url = seed::create_database(&server, "hotrodan_bench").await?;
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(&url).await?;
    let baseline = std::fs::read_to_string(schema_testkit::pg::BASELINE_SQL)?;
    sqlx::raw_sql(&baseline).execute(&pool).await.context("applying the Supabase baseline")?;
    let started = Instant::now();
    crate::apply_migrations(&pool).await?;
    let migrate_seconds = started.elapsed().as_secs_f64();
    pool.close().await;

    // Drift on a migrated database (before seeding: the catalog is what it reads).
    let drift = if args.views_only { None } else { Some(time_drift(&server, &url, &baseline).await?) };
    if args.drift_only {
        drop(server);
        return Ok(BenchReport {
            scale: args.scale.to_string(),
            iterations: args.iterations,
            gen_seconds,
            migrate_seconds,
            seed_seconds: 0.0,
            seeded_rows: 0,
            views: Vec::new(),
            drift,
            day_two: None,
        });
    }

    let mut conn = PgConnection::connect(&url).await?;
    println!("seeding at scale {} ...", args.scale);
    let mut side = PgConnection::connect(&url).await?;
    let seeded = seed::seed_with(&mut conn, &mut side, SeedOptions { scale: args.scale, today: None, progress: true }).await?;
    side.close().await?;
    println!("{seeded}");
    // A live database is vacuumed routinely; without this, autovacuum wakes up
    // for the freshly loaded tables in the middle of the measurements, and index-
    // only scans find no visibility map.
    let started = Instant::now();
    sqlx::raw_sql("VACUUM (ANALYZE)").execute(&mut conn).await.context("VACUUM (ANALYZE) after seeding")?;
    println!("VACUUM (ANALYZE) in {:.1} s", started.elapsed().as_secs_f64());

    let mut views = Vec::new();
    for view in model.schema.views.iter().filter(|_| !args.day_two_only) {
        let name = &view.name.name;
        let sql = format!("SELECT * FROM public.{}", schema_engine::sql::quote::ident(name));
        // A list's whole read is shown but not judged: it is read a few times
        // only, and its pages and export are measured instead.
        let rows = timed_reads(&mut conn, name, &sql, 0).await?.1;
        let is_list = rows > lists::LIST_ABOVE_ROWS;
        let (samples, rows) = timed_reads(&mut conn, name, &sql, if is_list { lists::WHOLE_READS } else { args.iterations }).await?;
        let list = if is_list { Some(lists::measure(&mut conn, view, rows, args.iterations).await?) } else { None };
        // The server's share of the time: EXPLAIN ANALYZE computes every row but
        // sends none, so the rest of the client's time is transferring rows. The
        // analyzed plan also gives the top node and the indexes.
        let mut server = Vec::with_capacity(3);
        let mut explained = serde_json::Value::Null;
        for _ in 0..3 {
            explained = plans::explain_view(&mut conn, &crate::operator(), name, true).await?;
            server.push(plans::execution_ms(&explained));
        }
        server.sort_by(f64::total_cmp);
        let result = ViewResult {
            view: name.clone(),
            group: view.group.clone(),
            rows,
            p50_ms: percentile(&samples, 50.0),
            p95_ms: percentile(&samples, 95.0),
            max_ms: samples.last().copied().unwrap_or(f64::NAN),
            server_ms: percentile(&server, 50.0),
            list,
            target_ms: if view.group == DASHBOARD_GROUP { DASHBOARD_TARGET_MS } else { ANALYTICAL_TARGET_MS },
            top_node: plans::top_node(&explained),
            indexes: plans::indexes_used(&explained),
            sequential_scans: plans::sequential_scans(&explained),
        };
        println!("  {:<34} p95 {:>9.2} ms  {}", result.view, result.p95_ms, if result.passes() { "pass" } else { "FAIL" });
        views.push(result);
    }
    conn.close().await.ok();

    // The day-two change, on the seeded database and on a copy of it.
    let day_two = if args.views_only {
        None
    } else {
        let copy = seed::copy_database(&server, "hotrodan_bench", "hotrodan_day_two").await?;
        let day_two = online::measure(&model.catalog, &copy, &url).await?;
        println!("{}", online::summary(&day_two));
        Some(day_two)
    };
    drop(server);
    Ok(BenchReport {
        scale: args.scale.to_string(),
        iterations: args.iterations,
        gen_seconds,
        migrate_seconds,
        seed_seconds: seeded.total.as_secs_f64(),
        seeded_rows: seeded.rows(),
        views,
        drift,
        day_two,
    })
}

/// Times drift on a freshly migrated copy with one tamper.
async fn time_drift(server: &schema_testkit::pg::LocalServer, url: &str, baseline: &str) -> Result<drift::DriftTiming> {
    let tampered = seed::create_database(server, "hotrodan_drift").await?;
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(&tampered).await?;
    sqlx::raw_sql(baseline).execute(&pool).await.context("applying the Supabase baseline")?;
    crate::apply_migrations(&pool).await?;
    sqlx::raw_sql("GRANT SELECT (id) ON public.sku_performance TO anon").execute(&pool).await?;
    pool.close().await;
    let drift = drift::time(url, &tampered).await?;
    println!("{}", drift::summary(&drift));
    Ok(drift)
}

/// p95 targets with a 2× margin: the dashboards' 20 ms and the dictionary's 200 ms, halved.
const DASHBOARD_TARGET_MS: f64 = 10.0;
const ANALYTICAL_TARGET_MS: f64 = 100.0;

/// Runs `sql` as an operator `iterations` times after two warm-up runs; the
/// sorted client-side times in milliseconds, and the rows returned.
async fn timed_reads(conn: &mut PgConnection, view: &str, sql: &str, iterations: usize) -> Result<(Vec<f64>, usize)> {
    let mut samples = Vec::with_capacity(iterations);
    let mut rows = 0;
    for run in 0..iterations + 2 {
        let mut tx = conn.begin().await?;
        plans::act_as(&mut tx, &crate::operator()).await?;
        let started = Instant::now();
        rows = sqlx::query(sql).fetch_all(&mut *tx).await.with_context(|| format!("reading view {view}"))?.len();
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        tx.rollback().await?;
        if run >= 2 {
            samples.push(elapsed);
        }
    }
    samples.sort_by(f64::total_cmp);
    Ok((samples, rows))
}
