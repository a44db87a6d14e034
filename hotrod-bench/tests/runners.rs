//! Every supported runner applies the whole migration chain and then a fresh
//! day-two change (a new index on a table with rows, a new column with a
//! default, a new CHECK) planned by the migration planner: sqlx's migrator
//! (through `cargo xtask apply`), psql as the README says
//! (`--single-transaction` for a transactional file, plain for an online
//! one), and `supabase db push` where the CLI is installed. After each, drift
//! finds the database equal to the changed declarations and the runner's
//! history holds every migration once.

use anyhow::{ensure, Context, Result};
use schema_engine::catalog::Catalog;
use schema_engine::model::*;
use schema_engine::plan::{self, MigrationHints};
use schema_testkit::catalog::{drift, listing};
use schema_testkit::fixtures::insert_row;
use schema_testkit::pg::TestDatabase;
use schema_testkit::runners::{migration_files, psql_ok, supabase_cli, supabase_push, supabase_workdir};
use sqlx::Executor;
use std::path::{Path, PathBuf};
use std::process::Command;

const FIRST_VERSION: u64 = 29990101000000;

/// The declarations with the day-two change.
fn changed(declared: &Catalog) -> Catalog {
    let mut changed = declared.clone();
    let table = |c: &mut Catalog, name: &str| -> usize { c.tables.iter().position(|t| t.name.name == name).expect("declared") };
    let inventory = table(&mut changed, "inventory_snapshots");
    changed.tables[inventory].indexes.push(Index {
        name: "idx_inventory_snapshots_status_date".into(),
        columns: vec![IndexColumn::new("stock_status", false), IndexColumn::new("snapshot_date", true)],
        ..Index::default()
    });
    let audit = table(&mut changed, "audit_log");
    changed.tables[audit].columns.push(Column {
        name: "reviewed".into(),
        data_type: SqlType::new("boolean"),
        nullable: false,
        default: Some("false".into()),
        comment: "Whether an operator reviewed the entry".into(),
        ..Column::default()
    });
    let sales = table(&mut changed, "sales_metrics_daily");
    changed.tables[sales].constraints.push(Constraint::new(
        "sales_metrics_daily_fulfilled_within_orders",
        ConstraintKind::Check { expression: "orders_fulfilled <= total_orders".into() },
    ));
    changed.canonicalize();
    changed
}

/// The committed chain, and the chain with the day-two files after it.
fn folders(label: &str, declared: &Catalog, changed: &Catalog) -> Result<(PathBuf, PathBuf)> {
    let base = std::env::temp_dir().join(format!("runners-{label}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let (chain, full) = (base.join("chain"), base.join("full"));
    std::fs::create_dir_all(&chain)?;
    std::fs::create_dir_all(&full)?;
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/migrations");
    for entry in std::fs::read_dir(&source)? {
        let entry = entry?;
        std::fs::copy(entry.path(), chain.join(entry.file_name()))?;
        std::fs::copy(entry.path(), full.join(entry.file_name()))?;
    }
    let (forward, _) = plan::plan(declared, changed, &MigrationHints::default()).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let files = migration_files(&forward, "day two", changed);
    ensure!(files.len() >= 3, "transactional part, online build, validation: {} file(s)", files.len());
    for (at, (_, sql)) in files.iter().enumerate() {
        std::fs::write(full.join(format!("{}_day_two_{at}.sql", FIRST_VERSION + at as u64)), sql)?;
    }
    Ok((chain, full))
}

/// Rows in every table, so the day-two change meets data.
async fn fill(db: &TestDatabase, catalog: &Catalog) -> Result<()> {
    for table in &catalog.tables {
        db.pool().execute(insert_row(table, 1).as_str()).await.with_context(|| format!("a row for {}", table.name))?;
    }
    Ok(())
}

async fn assert_clean(db: &TestDatabase, catalog: &Catalog, runner: &str) -> Result<()> {
    let (_, _, changes) = drift(db, catalog).await?;
    ensure!(changes.is_empty(), "after {runner}: the database differs from the changed declarations:\n{}", listing(&changes));
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM public.audit_log WHERE reviewed = false").fetch_one(db.pool()).await?;
    ensure!(rows == 1, "after {runner}: the row before the change got the default ({rows})");
    Ok(())
}

fn versions_in(dir: &Path) -> Result<Vec<i64>> {
    let mut versions: Vec<i64> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_string_lossy().split('_').next().and_then(|v| v.parse().ok()))
        .collect();
    versions.sort();
    Ok(versions)
}

fn xtask_apply(url: &str, dir: &Path) -> Result<()> {
    let output = Command::new(env!("CARGO_BIN_EXE_hotrod-bench")).args(["apply", "--database-url", url, "--migrations"]).arg(dir).env_remove("DATABASE_URL").output()?;
    ensure!(output.status.success(), "cargo xtask apply failed:\n{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    Ok(())
}

#[tokio::test]
async fn sqlx_applies_the_chain_and_a_day_two_change_with_one_history_row_each() -> Result<()> {
    let declared = schema_testkit::catalog::declared(&schema_def::project())?;
    let changed = changed(&declared);
    let (chain, full) = folders("sqlx", &declared, &changed)?;
    let db = TestDatabase::create_with_baseline("runner sqlx").await?;
    xtask_apply(db.url(), &chain)?;
    fill(&db, &declared).await?;
    xtask_apply(db.url(), &full)?;
    assert_clean(&db, &changed, "sqlx").await?;
    let rows: Vec<(i64, bool, Vec<u8>)> = sqlx::query_as("SELECT version, success, checksum FROM _sqlx_migrations ORDER BY version").fetch_all(db.pool()).await?;
    ensure!(rows.iter().map(|r| r.0).collect::<Vec<_>>() == versions_in(&full)?, "one row per migration: {:?}", rows.iter().map(|r| r.0).collect::<Vec<_>>());
    ensure!(rows.iter().all(|r| r.1), "every row says success");
    let migrator = sqlx::migrate::Migrator::new(full.as_path()).await?;
    for (migration, row) in migrator.iter().zip(&rows) {
        ensure!(migration.checksum.as_ref() == row.2.as_slice(), "the checksum of {} is the file's", migration.version);
    }
    Ok(())
}

#[tokio::test]
async fn psql_applies_the_chain_and_a_day_two_change_as_the_readme_says() -> Result<()> {
    let declared = schema_testkit::catalog::declared(&schema_def::project())?;
    let changed = changed(&declared);
    let (chain, full) = folders("psql", &declared, &changed)?;
    let db = TestDatabase::create_with_baseline("runner psql").await?;
    let run = |dir: &Path, from: i64| -> Result<()> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let version: i64 = file.file_name().and_then(|n| n.to_str()).and_then(|n| n.split('_').next()).and_then(|v| v.parse().ok()).unwrap_or(0);
            if version < from {
                continue;
            }
            let sql = std::fs::read_to_string(&file)?;
            // An online file runs without --single-transaction.
            let single = !sql.starts_with(schema_engine::plan::NO_TRANSACTION);
            psql_ok(db.url(), &sql, single, &file.display().to_string())?;
        }
        Ok(())
    };
    run(&chain, 0)?;
    fill(&db, &declared).await?;
    run(&full, FIRST_VERSION as i64)?;
    assert_clean(&db, &changed, "psql").await
}

#[tokio::test]
async fn supabase_db_push_applies_the_chain_and_a_day_two_change_with_one_history_row_each() -> Result<()> {
    let Some(cli) = supabase_cli() else {
        return schema_testkit::runners::tool_missing("the Supabase CLI (npm install supabase, or set SUPABASE_CLI)");
    };
    let declared = schema_testkit::catalog::declared(&schema_def::project())?;
    let changed = changed(&declared);
    let (chain, full) = folders("supabase", &declared, &changed)?;
    let db = TestDatabase::create_with_baseline("runner supabase").await?;
    let push = |dir: &Path| -> Result<()> {
        let work = supabase_workdir("runner", dir)?;
        let output = supabase_push(&cli, &work, db.url())?;
        ensure!(output.status.success(), "supabase db push failed:\n{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        Ok(())
    };
    push(&chain)?;
    fill(&db, &declared).await?;
    push(&full)?;
    assert_clean(&db, &changed, "supabase db push").await?;
    let versions: Vec<String> = sqlx::query_scalar("SELECT version FROM supabase_migrations.schema_migrations ORDER BY version").fetch_all(db.pool()).await?;
    let expected: Vec<String> = versions_in(&full)?.iter().map(ToString::to_string).collect();
    ensure!(versions == expected, "one history row per migration: {versions:?}");
    Ok(())
}
