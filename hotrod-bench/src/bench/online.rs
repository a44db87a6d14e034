//! A day-two change on the seeded database while the store keeps writing: the
//! online plan (the planner's files, applied by `cargo xtask apply`) beside the
//! same change applied the old way, plain and in one transaction, on an
//! identical copy.
//!
//! The change touches the two tables that grow all year: on each of
//! `inventory_snapshots` and `audit_log` a new index, a new column with a
//! default and a new CHECK. While it runs, a writer inserts and updates rows
//! of both tables on a fixed schedule (one statement every [`WRITE_EVERY`])
//! and a dashboard reader, as an operator, reads the dashboard views over
//! them. A write's latency is measured from when it was due, not from when
//! the writer got to send it: a webhook that arrives while the table is locked
//! waits for the lock too, so a blocked writer's backlog counts (no
//! coordinated omission).

use super::stats::percentile;
use schema_cli::apply::{self, ApplyArgs};
use schema_cli::generated::MIGRATIONS_DIR;
use anyhow::{anyhow, ensure, Context, Result};
use schema_engine::catalog::Catalog;
use schema_engine::model::*;
use schema_engine::plan::{self, MigrationHints};
use schema_engine::sql::{self, Statement, TableAction};
use schema_testkit::plans;
use serde::Serialize;
use sqlx::{Connection, PgConnection};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often the writer is due to send a statement (100 a second).
const WRITE_EVERY: Duration = Duration::from_millis(10);
/// Load before the migration starts, so the measured window begins warm.
const WARM_UP: Duration = Duration::from_secs(2);
/// The dashboard views the reader cycles through: they read the changed tables live.
const READER_VIEWS: [&str; 2] = ["v_inventory_alerts", "v_recent_decisions"];

#[derive(Debug, Clone, Serialize)]
pub struct DayTwo {
    /// What the change does, one line per table.
    pub change: Vec<String>,
    pub online: Run,
    pub plain: Run,
}

/// One way of applying the change, with the load measured while it ran.
#[derive(Debug, Clone, Serialize)]
pub struct Run {
    pub how: String,
    pub migration_seconds: f64,
    /// During the migration.
    pub writer: Latency,
    pub reader: Latency,
    /// The same load in the seconds before it started, for comparison.
    pub writer_before: Latency,
    pub reader_before: Latency,
}

#[derive(Debug, Clone, Serialize)]
pub struct Latency {
    /// Statements (writer) or view reads (reader) due during the migration.
    pub count: usize,
    pub failed: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// When the slowest one was due, in seconds after the window opened.
    pub max_at_s: f64,
}

/// The declarations with the day-two change.
pub fn changed(declared: &Catalog) -> Result<Catalog> {
    let mut changed = declared.clone();
    let table = |changed: &mut Catalog, name: &str| -> Result<usize> {
        changed.tables.iter().position(|t| t.name.name == name).ok_or_else(|| anyhow!("no table {name} in the declarations"))
    };
    let at = table(&mut changed, "inventory_snapshots")?;
    let inventory = &mut changed.tables[at];
    inventory.indexes.push(Index {
        name: "idx_inventory_snapshots_status_date".into(),
        columns: vec![IndexColumn::new("stock_status", false), IndexColumn::new("snapshot_date", true)],
        ..Index::default()
    });
    inventory.columns.push(Column {
        name: "counted_by".into(),
        data_type: SqlType::new("text"),
        nullable: false,
        default: Some("'sync'::text".into()),
        comment: "Who counted the stock: the nightly sync, or a person".into(),
        ..Column::default()
    });
    inventory.constraints.push(Constraint::new(
        "inventory_snapshots_quantity_available_plausible",
        ConstraintKind::Check { expression: "quantity_available <= 1000000".into() },
    ));
    let at = table(&mut changed, "audit_log")?;
    let audit = &mut changed.tables[at];
    audit.indexes.push(Index {
        name: "idx_audit_log_scope_created".into(),
        columns: vec![IndexColumn::new("scope", false), IndexColumn::new("created_at", true)],
        ..Index::default()
    });
    audit.columns.push(Column {
        name: "reviewed".into(),
        data_type: SqlType::new("boolean"),
        nullable: false,
        default: Some("false".into()),
        comment: "Whether an operator reviewed the entry".into(),
        ..Column::default()
    });
    audit.constraints.push(Constraint::new(
        "audit_log_actor_short",
        ConstraintKind::Check { expression: "length(actor) <= 200".into() },
    ));
    changed.canonicalize();
    Ok(changed)
}

/// Runs the change both ways: online on `online_url`, plain on `plain_url`
/// (two identical copies of the seeded database).
pub async fn measure(declared: &Catalog, online_url: &str, plain_url: &str) -> Result<DayTwo> {
    let changed = changed(declared)?;
    let (forward, _) = plan::plan(declared, &changed, &MigrationHints::default())
        .map_err(|errors| anyhow!("planning the day-two change: {}", errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; ")))?;

    // The online plan: the committed migrations and the change's files after
    // them, applied by `cargo xtask apply` (sqlx's migrator).
    let dir = std::env::temp_dir().join(format!("bench-day-two-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let committed = schema_def::project().root.join(MIGRATIONS_DIR);
    let mut last = 0u64;
    for entry in std::fs::read_dir(&committed)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        last = last.max(name.split('_').next().and_then(|v| v.parse().ok()).unwrap_or(0));
        std::fs::copy(entry.path(), dir.join(&name))?;
    }
    let files = schema_cli::generated::migration_files(&schema_def::project(), &forward, last + 1, "day_two", &changed);
    for (name, sql) in &files {
        std::fs::write(dir.join(name), sql)?;
    }
    let args = ApplyArgs { database_url: online_url.to_string(), dry_run: false, lock_retries: 5, retry_delay_ms: 1000, migrations: Some(dir.clone()) };
    let how = format!("online plan: {} migration files applied by cargo xtask apply", files.len());
    let online = under_load(online_url, how, apply::apply(&schema_def::project(), &args)).await?;
    std::fs::remove_dir_all(&dir).ok();

    // The old way: the same statements, built in place and validated at once,
    // in one transaction.
    let statements: Vec<Statement> = forward
        .steps
        .iter()
        .flat_map(|step| step.statements.iter().cloned())
        .filter_map(|statement| match statement {
            Statement::CreateIndex { table, index, .. } => Some(Statement::CreateIndex { table, index, concurrently: false }),
            Statement::AlterTable { action: TableAction::ValidateConstraint(_), .. } => None,
            Statement::AlterTable { table, action: TableAction::AddConstraint { constraint, .. } } => {
                Some(Statement::AlterTable { table, action: TableAction::AddConstraint { constraint, not_valid: false } })
            }
            other => Some(other),
        })
        .collect();
    let timeouts = &declared.platform;
    let script = format!(
        "BEGIN;\nSET LOCAL lock_timeout = {};\nSET LOCAL statement_timeout = {};\n{}COMMIT;\n",
        sql::quote::literal(&timeouts.lock_timeout),
        sql::quote::literal(&timeouts.statement_timeout),
        sql::script(&statements)
    );
    let plain_url_owned = plain_url.to_string();
    let plain_migration = async move {
        let mut conn = PgConnection::connect(&plain_url_owned).await?;
        sqlx::raw_sql(&script).execute(&mut conn).await.context("the plain day-two change")?;
        conn.close().await.ok();
        Ok(())
    };
    let plain = under_load(plain_url, "old way: plain CREATE INDEX and validated CHECKs, one transaction".into(), plain_migration).await?;

    let change = vec![
        "inventory_snapshots: index idx_inventory_snapshots_status_date, column counted_by text NOT NULL DEFAULT 'sync', \
         CHECK inventory_snapshots_quantity_available_plausible"
            .to_string(),
        "audit_log: index idx_audit_log_scope_created, column reviewed boolean NOT NULL DEFAULT false, CHECK audit_log_actor_short"
            .to_string(),
    ];
    Ok(DayTwo { change, online, plain })
}

/// Runs `migration` while a writer and a reader load the database at `url`.
async fn under_load(url: &str, how: String, migration: impl std::future::Future<Output = Result<()>>) -> Result<Run> {
    // The writer and the reader run on threads of their own, each with its own
    // runtime: a read decoding rows (or the migration's client) must not delay
    // the writer's next statement, or the bench measures itself.
    let stop = Arc::new(AtomicBool::new(false));
    let load = |work: fn(&str, &AtomicBool) -> Result<Vec<Sample>>| {
        let (url, stop) = (url.to_string(), stop.clone());
        std::thread::spawn(move || work(&url, &stop))
    };
    let (writer, reader) = (load(|url, stop| on_own_runtime(write_load(url, stop))), load(|url, stop| on_own_runtime(read_load(url, stop))));
    tokio::time::sleep(WARM_UP).await;
    let started = Instant::now();
    let outcome = migration.await;
    let ended = Instant::now();
    // The writes due during the migration may finish after it: let them.
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    let joined = tokio::task::spawn_blocking(move || (writer.join(), reader.join())).await?;
    let writes = joined.0.map_err(|_| anyhow!("the writer panicked"))??;
    let reads = joined.1.map_err(|_| anyhow!("the reader panicked"))??;
    outcome.with_context(|| format!("applying the day-two change ({how})"))?;
    let between = |samples: &[Sample], from: Instant, to: Instant| -> Latency {
        let window: Vec<&Sample> = samples.iter().filter(|s| s.due >= from && s.due <= to).collect();
        let mut ms: Vec<f64> = window.iter().filter(|s| s.ok).map(|s| s.ms).collect();
        ms.sort_by(f64::total_cmp);
        let slowest = window.iter().filter(|s| s.ok).max_by(|a, b| a.ms.total_cmp(&b.ms));
        Latency {
            count: window.len(),
            failed: window.iter().filter(|s| !s.ok).count(),
            p50_ms: percentile(&ms, 50.0),
            p99_ms: percentile(&ms, 99.0),
            max_ms: ms.last().copied().unwrap_or(f64::NAN),
            max_at_s: slowest.map_or(f64::NAN, |s| (s.due - from).as_secs_f64()),
        }
    };
    let warm = started - WARM_UP / 2;
    let run = Run {
        how,
        migration_seconds: (ended - started).as_secs_f64(),
        writer: between(&writes, started, ended),
        reader: between(&reads, started, ended),
        writer_before: between(&finished_before(&writes, started), warm, started),
        reader_before: between(&finished_before(&reads, started), warm, started),
    };
    ensure!(run.writer.count > 0 && run.reader.count > 0, "no load was measured during the migration ({})", run.how);
    Ok(run)
}

/// Before the migration, only what also finished before it: a write due just
/// before the start but still queued when it began is the migration's.
fn finished_before(samples: &[Sample], at: Instant) -> Vec<Sample> {
    samples
        .iter()
        .filter(|s| s.due + Duration::from_secs_f64(s.ms / 1000.0) < at)
        .map(|s| Sample { due: s.due, ms: s.ms, ok: s.ok })
        .collect()
}

fn on_own_runtime(work: impl std::future::Future<Output = Result<Vec<Sample>>>) -> Result<Vec<Sample>> {
    tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(work)
}

struct Sample {
    due: Instant,
    ms: f64,
    ok: bool,
}

/// Inserts a snapshot, updates a snapshot and inserts an audit entry, in turn,
/// one statement every WRITE_EVERY, each in its own transaction, as the store's
/// webhooks do (through the service role).
async fn write_load(url: &str, stop: &AtomicBool) -> Result<Vec<Sample>> {
    let mut conn = PgConnection::connect(url).await?;
    sqlx::raw_sql("SET ROLE service_role").execute(&mut conn).await?;
    let ids: Vec<sqlx::types::Uuid> =
        sqlx::query_scalar("SELECT id FROM public.inventory_snapshots TABLESAMPLE SYSTEM (1) LIMIT 1000").fetch_all(&mut conn).await?;
    ensure!(!ids.is_empty(), "the day-two benchmark needs a seeded inventory_snapshots");
    let mut samples = Vec::new();
    let start = Instant::now();
    let mut n: u64 = 0;
    while !stop.load(Ordering::Relaxed) {
        let due = start + WRITE_EVERY * n as u32;
        tokio::time::sleep_until(due.into()).await;
        let result = match n % 3 {
            0 => sqlx::query(
                "INSERT INTO public.inventory_snapshots (shopify_product_id, shopify_variant_id, sku, snapshot_date, quantity_available, stock_status) \
                 VALUES ($1, $1, 'BENCH-' || $1, current_date, 5, 'in_stock')",
            )
            .bind(9_000_000_000_000i64 + n as i64)
            .execute(&mut conn)
            .await
            .map(drop),
            1 => sqlx::query("UPDATE public.inventory_snapshots SET quantity_available = quantity_available + 1 WHERE id = $1")
                .bind(ids[(n as usize / 3) % ids.len()])
                .execute(&mut conn)
                .await
                .map(drop),
            _ => sqlx::query(
                "INSERT INTO public.audit_log (actor, shop_domain, scope, action, details) \
                 VALUES ('bench-writer', 'hotrodan.myshopify.com', 'inventory', 'approve', jsonb_build_object('n', $1::int8))",
            )
            .bind(n as i64)
            .execute(&mut conn)
            .await
            .map(drop),
        };
        samples.push(Sample { due, ms: due.elapsed().as_secs_f64() * 1000.0, ok: result.is_ok() });
        n += 1;
    }
    conn.close().await.ok();
    Ok(samples)
}

/// Reads the dashboard views over the changed tables, as an operator, one
/// after the other; a read's latency runs from when it was sent.
async fn read_load(url: &str, stop: &AtomicBool) -> Result<Vec<Sample>> {
    let mut conn = PgConnection::connect(url).await?;
    let mut samples = Vec::new();
    let mut n = 0usize;
    while !stop.load(Ordering::Relaxed) {
        let view = READER_VIEWS[n % READER_VIEWS.len()];
        let due = Instant::now();
        let mut tx = conn.begin().await?;
        plans::act_as(&mut tx, &crate::operator()).await?;
        let ok = sqlx::query(&format!("SELECT * FROM public.{view}")).fetch_all(&mut *tx).await.is_ok();
        tx.rollback().await.ok();
        samples.push(Sample { due, ms: due.elapsed().as_secs_f64() * 1000.0, ok });
        n += 1;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    conn.close().await.ok();
    Ok(samples)
}

/// The printed comparison.
pub fn summary(day_two: &DayTwo) -> String {
    let mut out = String::from("day-two change under load:\n");
    for line in &day_two.change {
        out.push_str(&format!("  {line}\n"));
    }
    out.push_str(&format!(
        "  {:<78} {:>8}  {:>22}  {:>22}\n",
        "", "seconds", "writer p99 / max ms", "reader p99 / max ms"
    ));
    for run in [&day_two.online, &day_two.plain] {
        out.push_str(&format!(
            "  {:<78} {:>8.1}  {:>10.1} / {:>9.1}  {:>10.1} / {:>9.1}{}\n",
            run.how,
            run.migration_seconds,
            run.writer.p99_ms,
            run.writer.max_ms,
            run.reader.p99_ms,
            run.reader.max_ms,
            if run.writer.failed + run.reader.failed > 0 {
                format!("  ({} writes, {} reads failed)", run.writer.failed, run.reader.failed)
            } else {
                String::new()
            }
        ));
        out.push_str(&format!(
            "  {:<78} {:>8}  {:>10.1} / {:>9.1}  {:>10.1} / {:>9.1}\n",
            "  (the same load just before)", "", run.writer_before.p99_ms, run.writer_before.max_ms, run.reader_before.p99_ms, run.reader_before.max_ms,
        ));
        out.push_str(&format!(
            "  {:<78}           slowest write due at {:.2} s, slowest read at {:.2} s\n",
            "", run.writer.max_at_s, run.reader.max_at_s
        ));
    }
    out.push_str(&format!(
        "  goal: writer max under 200 ms with the online plan: {}\n",
        if day_two.online.writer.max_ms < 200.0 && day_two.online.writer.failed == 0 { "met" } else { "NOT MET" }
    ));
    out
}
