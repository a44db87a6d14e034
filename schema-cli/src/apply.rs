//! `apply --database-url URL [--dry-run]`: the pending migrations of
//! `generated/migrations`, applied with sqlx's migrator.
//!
//! One advisory lock (sqlx's own, so `sqlx migrate run` waits for us and we
//! for it) is held for the whole run; each pending migration is then applied
//! by a migrator holding the migrations up to it, so that progress can be
//! shown migration by migration, and a second connection reports what the
//! running one waits for (a lock, a concurrent index build's phase). Before
//! anything changes, the database is checked: an applied migration whose file
//! changed or is missing, a history of another project, or an older migration
//! still pending refuse the run on one line. A migration that fails on its
//! `lock_timeout` is retried with backoff (it applied nothing); the INVALID
//! leftover of a killed concurrent index build is dropped before the build
//! runs again.

use crate::generated::MIGRATIONS_DIR;
use anyhow::{anyhow, bail, Context, Result};
use schema_engine::plan::{INDEX_BUILD_MARKER, NO_TRANSACTION};
use schema_engine::project::Project;
use sqlx::migrate::{Migrate, MigrateError, Migration, Migrator};
use sqlx::PgConnection;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Debug, clap::Args)]
pub struct ApplyArgs {
    /// The database to migrate, e.g. postgres://user@host:5432/db.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: String,
    /// List the pending migrations and their steps; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// How often a migration that fails on its lock_timeout is tried again.
    #[arg(long, default_value_t = 5)]
    pub lock_retries: u32,
    /// The first wait before a retry, in milliseconds; it doubles each time.
    #[arg(long, default_value_t = 1000)]
    pub retry_delay_ms: u64,
    /// The migrations folder (default: generated/migrations).
    #[arg(long)]
    pub migrations: Option<std::path::PathBuf>,
}

pub fn run(project: &Project, args: ApplyArgs) -> Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(apply(project, &args))?;
    Ok(ExitCode::SUCCESS)
}

/// A migration file as the migrator resolved it, with its file name.
struct Pending<'a> {
    migration: &'a Migration,
    file: String,
}

pub async fn apply(project: &Project, args: &ApplyArgs) -> Result<()> {
    let dir = args.migrations.clone().unwrap_or_else(|| project.root.join(MIGRATIONS_DIR));
    let migrator = Migrator::new(dir.as_path()).await.map_err(|e| anyhow!("reading migrations from {}: {e}", dir.display()))?;
    let files = file_names(&dir)?;
    // A killed applier's backend notices within a second and stops,
    // instead of finishing a migration whose history row nobody writes
    // (a concurrent index build would otherwise complete unrecorded).
    let target = crate::target::Target::parse(&args.database_url, &[("client_connection_check_interval", "1s")])?;
    let database = target.database.clone();
    let mut conn = target.connect().await?;

    // The whole run holds sqlx's advisory lock: a second applier waits here.
    {
        let lock = conn.lock();
        tokio::pin!(lock);
        let locked = tokio::select! {
            result = &mut lock => Some(result),
            () = tokio::time::sleep(Duration::from_millis(300)) => None,
        };
        match locked {
            Some(result) => result.map_err(|e| anyhow!("taking the migration lock on {database}: {e}"))?,
            None => {
                println!("waiting for another applier of {database} to finish (sqlx's migration lock) ...");
                lock.await.map_err(|e| anyhow!("taking the migration lock on {database}: {e}"))?;
            }
        }
    }
    let pending = check(&mut conn, &migrator, &files, &database).await?;
    if pending.is_empty() {
        println!("{database} is up to date: {} migration(s) applied, none pending", migrator.iter().count());
        conn.unlock().await.ok();
        return Ok(());
    }
    println!("{} pending migration(s) for {database}:", pending.len());
    for (at, item) in pending.iter().enumerate() {
        describe(at, pending.len(), item);
    }
    if args.dry_run {
        println!("--dry-run: nothing applied");
        conn.unlock().await.ok();
        return Ok(());
    }
    // The migrator's history table, closed to the API before its first row.
    let secure = schema_engine::sql::history::secure_sqlx_history(&project.platform);
    sqlx::raw_sql(&secure).execute(&mut conn).await.map_err(|e| anyhow!("closing {database}'s migration history to the API roles: {e}"))?;
    let pid: i32 = sqlx::query_scalar("SELECT pg_backend_pid()").fetch_one(&mut conn).await?;
    let mut monitor = target.connect().await?;
    for (at, item) in pending.iter().enumerate() {
        println!("[{}/{}] applying {}", at + 1, pending.len(), item.file);
        let started = Instant::now();
        if let Some(index) = index_built_by(&item.migration.sql) {
            drop_leftover(&mut conn, &index).await?;
        }
        apply_one(&mut conn, &mut monitor, pid, &migrator, item, args).await?;
        println!("      done in {:.2} s", started.elapsed().as_secs_f64());
    }
    conn.unlock().await.ok();
    println!("applied {} migration(s)", pending.len());
    Ok(())
}

/// The pending migrations, after refusing a database whose history does not
/// fit the folder: nothing is changed before this passes.
async fn check<'a>(conn: &mut PgConnection, migrator: &'a Migrator, files: &BTreeMap<i64, String>, database: &str) -> Result<Vec<Pending<'a>>> {
    let has_history: bool = sqlx::query_scalar("SELECT to_regclass('public._sqlx_migrations') IS NOT NULL").fetch_one(&mut *conn).await?;
    let applied = if has_history { conn.list_applied_migrations().await? } else { Vec::new() };
    let file_of = |version: i64| files.get(&version).cloned().unwrap_or_else(|| version.to_string());
    if let Some(dirty) = if has_history { conn.dirty_version().await? } else { None } {
        bail!("migration {} is marked failed in {database}'s history (_sqlx_migrations.success = false); inspect the database and remove that row", file_of(dirty));
    }
    let unknown: Vec<String> = applied.iter().filter(|a| !files.contains_key(&a.version)).map(|a| a.version.to_string()).collect();
    if !unknown.is_empty() {
        bail!(
            "{database} has applied migration(s) {} that generated/migrations does not have: it is another project's database, or those files are missing here; nothing was changed",
            unknown.join(", ")
        );
    }
    if !has_history {
        let foreign: Vec<String> = sqlx::query_scalar(
            "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') ORDER BY 1 LIMIT 3",
        )
        .fetch_all(&mut *conn)
        .await?;
        if !foreign.is_empty() {
            bail!(
                "{database} has no migration history but already holds relations in public ({}): it is another project's database, or one built without a migrator; nothing was changed",
                foreign.join(", ")
            );
        }
    }
    let latest_applied = applied.iter().map(|a| a.version).max();
    let mut pending = Vec::new();
    for migration in migrator.iter() {
        match applied.iter().find(|a| a.version == migration.version) {
            Some(done) if done.checksum != migration.checksum => bail!(
                "migration {} was changed after it was applied to {database} (its checksum differs from the recorded one); applied migrations are never rewritten: restore the file and write a new migration",
                file_of(migration.version)
            ),
            Some(_) => {}
            None if latest_applied.is_some_and(|latest| migration.version < latest) => bail!(
                "migration {} is older than migrations already applied to {database}; give it a later version (the `migrate` command does)",
                file_of(migration.version)
            ),
            None => pending.push(Pending { migration, file: file_of(migration.version) }),
        }
    }
    Ok(pending)
}

/// Prints a pending migration and the steps its comments list.
fn describe(at: usize, count: usize, item: &Pending<'_>) {
    let mode = if item.migration.no_tx { "outside a transaction" } else { "in one transaction" };
    println!("  {}/{count} {} ({mode})", at + 1, item.file);
    for step in item.migration.sql.lines().filter(|l| l.starts_with("-- [")) {
        println!("        {}", step.trim_start_matches("-- "));
    }
}

/// Applies one migration with a migrator holding the migrations up to it,
/// retrying on a lock timeout (the migration then applied nothing).
async fn apply_one(
    conn: &mut PgConnection,
    monitor: &mut PgConnection,
    pid: i32,
    migrator: &Migrator,
    item: &Pending<'_>,
    args: &ApplyArgs,
) -> Result<()> {
    let upto: Vec<Migration> = migrator.iter().filter(|m| m.version <= item.migration.version).cloned().collect();
    let mut one = Migrator { migrations: Cow::Owned(upto), ..Migrator::DEFAULT };
    one.set_locking(false);
    let mut delay = Duration::from_millis(args.retry_delay_ms);
    for attempt in 0..=args.lock_retries {
        let outcome = {
            let run = one.run_direct(&mut *conn);
            tokio::pin!(run);
            loop {
                tokio::select! {
                    result = &mut run => break result,
                    () = tokio::time::sleep(Duration::from_secs(1)) => report_progress(monitor, pid).await,
                }
            }
        };
        match outcome {
            Ok(()) => return Ok(()),
            Err(MigrateError::ExecuteMigration(error, _)) if is_lock_timeout(&error) && attempt < args.lock_retries => {
                println!("      lock_timeout: a lock the migration needs is held by another session; nothing was applied; retry {} of {} in {:.1} s", attempt + 1, args.lock_retries, delay.as_secs_f64());
                tokio::time::sleep(delay).await;
                delay *= 2;
            }
            Err(MigrateError::ExecuteMigration(error, _)) if is_lock_timeout(&error) => bail!(
                "migration {} could not take its locks within lock_timeout after {} retries (another session holds a conflicting lock); nothing of it was applied: run `apply` again when the database is quieter",
                item.file,
                args.lock_retries
            ),
            Err(MigrateError::ExecuteMigration(error, _)) => {
                let message = error.as_database_error().map_or_else(|| error.to_string(), |e| e.message().to_owned());
                let undone = if item.migration.no_tx { "it ran outside a transaction: check what it left" } else { "nothing of it was applied" };
                bail!("migration {} failed: {message}; {undone}", item.file)
            }
            Err(other) => return Err(anyhow!("migration {}: {other}", item.file)),
        }
    }
    unreachable!("the last attempt returns")
}

fn is_lock_timeout(error: &sqlx::Error) -> bool {
    error.as_database_error().and_then(|e| e.code()).is_some_and(|code| code == "55P03")
}

/// The applying session's wait event type, the sessions blocking it, and its
/// index build's phase, blocks done and blocks in all.
type Progress = (Option<String>, Vec<i32>, Option<String>, Option<i64>, Option<i64>);

/// What the applying session waits for, or how far its index build is.
async fn report_progress(monitor: &mut PgConnection, pid: i32) {
    let row: Option<Progress> = sqlx::query_as(
        "SELECT a.wait_event_type::text, pg_blocking_pids(a.pid), p.phase::text, p.blocks_done, p.blocks_total \
         FROM pg_stat_activity a LEFT JOIN pg_stat_progress_create_index p ON p.pid = a.pid WHERE a.pid = $1",
    )
    .bind(pid)
    .fetch_optional(&mut *monitor)
    .await
    .ok()
    .flatten();
    match row {
        Some((_, blockers, _, _, _)) if !blockers.is_empty() => {
            println!("      waiting for a lock held by pid {blockers:?} (it fails at the migration's lock_timeout)")
        }
        Some((_, _, Some(phase), done, total)) => {
            let share = match (done, total) {
                (Some(done), Some(total)) if total > 0 => format!(" ({}%)", done * 100 / total),
                _ => String::new(),
            };
            println!("      building the index: {phase}{share}")
        }
        _ => {}
    }
}

/// The index an online migration builds, from its marker line.
fn index_built_by(sql: &str) -> Option<String> {
    if !sql.starts_with(NO_TRANSACTION) {
        return None;
    }
    sql.lines().find_map(|line| line.strip_prefix(INDEX_BUILD_MARKER)).map(|name| name.trim().to_owned())
}

/// Drops what an interrupted earlier run of this (pending, so unrecorded)
/// migration left under the index's name: the INVALID index of a failed or
/// killed concurrent build, or one that finished after its applier died.
async fn drop_leftover(conn: &mut PgConnection, index: &str) -> Result<()> {
    let invalid: Option<bool> = sqlx::query_scalar("SELECT NOT indisvalid FROM pg_index WHERE indexrelid = to_regclass($1)")
        .bind(index)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(invalid) = invalid {
        let what = if invalid { "the INVALID index" } else { "the unrecorded index" };
        println!("      dropping {what} {index} that an interrupted earlier run of this migration left");
        let (schema, name) = index.split_once('.').unwrap_or(("public", index));
        let sql = format!("DROP INDEX CONCURRENTLY IF EXISTS {}.{}", schema_engine::sql::quote::ident(schema), schema_engine::sql::quote::ident(name));
        sqlx::raw_sql(&sql).execute(&mut *conn).await.with_context(|| format!("dropping the INVALID index {index}"))?;
    }
    Ok(())
}

/// File names by version.
fn file_names(dir: &std::path::Path) -> Result<BTreeMap<i64, String>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if let Some(version) = name.split('_').next().and_then(|v| v.parse().ok()) {
            files.insert(version, name);
        }
    }
    Ok(files)
}
