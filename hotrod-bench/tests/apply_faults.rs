//! `cargo xtask apply` under faults, on a real PostgreSQL: the applier killed
//! with SIGKILL in the middle of a long migration and of a concurrent index
//! build, two appliers at once, a lock held by another session under each
//! runner, and an applied migration edited afterwards.

use anyhow::{ensure, Result};
use schema_testkit::pg::TestDatabase;
use schema_testkit::runners::psql;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A scratch copy of `generated/migrations` with `extra` files added.
fn migrations_with(label: &str, extra: &[(&str, &str)]) -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("apply-faults-{label}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/migrations");
    for entry in std::fs::read_dir(&source)? {
        let entry = entry?;
        std::fs::copy(entry.path(), dir.join(entry.file_name()))?;
    }
    for (name, sql) in extra {
        std::fs::write(dir.join(name), sql)?;
    }
    Ok(dir)
}

/// The number of migrations the project has committed.
fn committed() -> Result<usize> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/migrations");
    Ok(std::fs::read_dir(source)?.filter(|e| e.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sql"))).count())
}

fn apply_command(url: &str, dir: &Path, flags: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hotrod-bench"));
    command.args(["apply", "--database-url", url, "--migrations"]).arg(dir).args(flags).env_remove("DATABASE_URL");
    command
}

fn apply(url: &str, dir: &Path, flags: &[&str]) -> Result<Output> {
    Ok(apply_command(url, dir, flags).output()?)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn history(db: &TestDatabase) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version").fetch_all(db.pool()).await?)
}

/// Waits until a session runs a query containing `needle`; its pid.
async fn wait_for_query(db: &TestDatabase, needle: &str) -> Result<i32> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let pid: Option<i32> = sqlx::query_scalar(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE $1 LIMIT 1",
        )
        .bind(format!("%{needle}%"))
        .fetch_optional(db.pool())
        .await?;
        if let Some(pid) = pid {
            return Ok(pid);
        }
        ensure!(Instant::now() < deadline, "no session ran `{needle}` within 30 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the backend `pid` is gone.
async fn wait_gone(db: &TestDatabase, pid: i32) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while sqlx::query_scalar::<_, bool>("SELECT EXISTS (SELECT FROM pg_stat_activity WHERE pid = $1)").bind(pid).fetch_one(db.pool()).await? {
        ensure!(Instant::now() < deadline, "backend {pid} still runs 30 s after its client was killed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

fn kill(child: &mut Child) -> Result<()> {
    // SIGKILL: the applier gets no chance to clean up.
    let status = Command::new("kill").args(["-KILL", &child.id().to_string()]).status()?;
    ensure!(status.success(), "kill failed");
    let _ = child.wait();
    Ok(())
}

const SLOW: &str = "-- A long transactional migration.\n\
    SET LOCAL lock_timeout = '5s';\nSET LOCAL statement_timeout = '15min';\n\
    ALTER TABLE public.audit_log ADD COLUMN fault_note text;\n\
    SELECT pg_sleep(4) AS slow_step;\n";

#[tokio::test]
async fn a_killed_applier_leaves_schema_and_history_unchanged_and_a_rerun_applies_once() -> Result<()> {
    let db = TestDatabase::create_with_baseline("apply killed").await?;
    let dir = migrations_with("killed", &[("29990101000000_slow_note.sql", SLOW)])?;
    let mut child = apply_command(db.url(), &dir, &[]).stdout(Stdio::null()).stderr(Stdio::null()).spawn()?;
    let pid = wait_for_query(&db, "slow_step").await?;
    kill(&mut child)?;
    wait_gone(&db, pid).await?;
    let column: bool = sqlx::query_scalar("SELECT EXISTS (SELECT FROM information_schema.columns WHERE table_name = 'audit_log' AND column_name = 'fault_note')")
        .fetch_one(db.pool())
        .await?;
    ensure!(!column, "the killed migration's column must not exist");
    let versions = history(&db).await?;
    ensure!(!versions.contains(&29990101000000), "no history row for the killed migration: {versions:?}");
    ensure!(versions.len() == committed()?, "the earlier migrations applied: {versions:?}");

    let rerun = apply(db.url(), &dir, &[])?;
    ensure!(rerun.status.success(), "{}{}", text(&rerun.stdout), text(&rerun.stderr));
    let versions = history(&db).await?;
    ensure!(versions.iter().filter(|v| **v == 29990101000000).count() == 1, "applied once: {versions:?}");
    Ok(())
}

#[tokio::test]
async fn a_killed_concurrent_index_build_is_cleaned_up_by_the_rerun() -> Result<()> {
    let db = TestDatabase::create_with_baseline("apply killed index").await?;
    let build = "-- no-transaction\n-- An online index build.\n-- concurrent index build: public.idx_audit_fault\n\
                 CREATE INDEX CONCURRENTLY idx_audit_fault ON public.audit_log (actor);\n";
    let dir = migrations_with("killed-index", &[("29990101000000_audit_fault_index.sql", build)])?;
    // Apply the chain first, then hold a snapshot so that the build waits for it.
    let first = apply(db.url(), &migrations_with("chain", &[])?, &[])?;
    ensure!(first.status.success(), "{}", text(&first.stderr));
    let mut holder = db.pool().begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute(&mut *holder).await?;
    sqlx::query("SELECT count(*) FROM public.audit_log").execute(&mut *holder).await?;
    let mut child = apply_command(db.url(), &dir, &[]).stdout(Stdio::null()).stderr(Stdio::null()).spawn()?;
    let pid = wait_for_query(&db, "CREATE INDEX CONCURRENTLY idx_audit_fault").await?;
    // The build has registered its INVALID index and waits for the snapshot.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !sqlx::query_scalar::<_, bool>("SELECT EXISTS (SELECT FROM pg_index WHERE indexrelid = to_regclass('public.idx_audit_fault'))").fetch_one(db.pool()).await? {
        ensure!(Instant::now() < deadline, "the build never registered its index");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    kill(&mut child)?;
    wait_gone(&db, pid).await?;
    holder.rollback().await?;
    let valid: Option<bool> = sqlx::query_scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('public.idx_audit_fault')")
        .fetch_optional(db.pool())
        .await?;
    ensure!(valid == Some(false), "the killed build leaves an INVALID index: {valid:?}");
    ensure!(!history(&db).await?.contains(&29990101000000), "no history row for the killed build");

    let rerun = apply(db.url(), &dir, &[])?;
    let stdout = text(&rerun.stdout);
    ensure!(rerun.status.success(), "{stdout}{}", text(&rerun.stderr));
    ensure!(stdout.contains("dropping the INVALID index public.idx_audit_fault"), "{stdout}");
    let valid: Option<bool> = sqlx::query_scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('public.idx_audit_fault')")
        .fetch_optional(db.pool())
        .await?;
    ensure!(valid == Some(true), "the rerun built it: {valid:?}");
    ensure!(history(&db).await?.iter().filter(|v| **v == 29990101000000).count() == 1);
    Ok(())
}

#[tokio::test]
async fn of_two_appliers_one_applies_and_the_other_waits_and_finds_nothing_to_do() -> Result<()> {
    let db = TestDatabase::create_with_baseline("apply twice").await?;
    let dir = migrations_with("twice", &[("29990101000000_slow_note.sql", SLOW)])?;
    let first = apply_command(db.url(), &dir, &[]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    // The first holds the lock while it runs the slow migration.
    wait_for_query(&db, "slow_step").await?;
    let second = apply_command(db.url(), &dir, &[]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    let (first, second) = (first.wait_with_output()?, second.wait_with_output()?);
    ensure!(first.status.success() && second.status.success(), "{}{}{}{}", text(&first.stdout), text(&first.stderr), text(&second.stdout), text(&second.stderr));
    let outputs = [text(&first.stdout), text(&second.stdout)];
    let all = committed()? + 1;
    let applied = outputs.iter().filter(|o| o.contains(&format!("applied {all} migration(s)"))).count();
    let idle = outputs.iter().filter(|o| o.contains("up to date")).count();
    ensure!(applied == 1 && idle == 1, "one applies, the other finds nothing:\n{}\n---\n{}", outputs[0], outputs[1]);
    ensure!(outputs.iter().any(|o| o.contains("waiting for another applier")), "the second waits for the lock:\n{}\n---\n{}", outputs[0], outputs[1]);
    let versions = history(&db).await?;
    ensure!(versions.len() == all, "every migration once: {versions:?}");
    // The history is the applier's, not the API's.
    let (secured, anon_reads): (bool, bool) = sqlx::query_as(
        "SELECT c.relrowsecurity, has_table_privilege('anon', c.oid, 'SELECT') FROM pg_class AS c WHERE c.oid = 'public._sqlx_migrations'::regclass",
    )
    .fetch_one(db.pool())
    .await?;
    ensure!(secured && !anon_reads, "_sqlx_migrations: row level security {secured}, anon may select {anon_reads}");
    Ok(())
}

#[tokio::test]
async fn a_held_lock_fails_the_step_by_lock_timeout_under_each_runner() -> Result<()> {
    let db = TestDatabase::create_with_baseline("apply lock timeout").await?;
    let chain = apply(db.url(), &migrations_with("lock-chain", &[])?, &[])?;
    ensure!(chain.status.success(), "{}", text(&chain.stderr));
    // A day-two migration as `cargo xtask migrate` writes it, with a short lock_timeout.
    let change = "-- A day-two change.\nSET LOCAL lock_timeout = '1s';\nSET LOCAL statement_timeout = '15min';\n\
                  ALTER TABLE public.audit_log ADD COLUMN lock_note text;\n";
    let dir = migrations_with("lock", &[("29990101000000_lock_note.sql", change)])?;
    let mut holder = db.pool().begin().await?;
    sqlx::query("LOCK TABLE public.audit_log IN ACCESS EXCLUSIVE MODE").execute(&mut *holder).await?;

    // sqlx's migrator, through `cargo xtask apply`: retried with backoff, then a clear stop.
    let started = Instant::now();
    let sqlx_run = apply(db.url(), &dir, &["--lock-retries", "2", "--retry-delay-ms", "200"])?;
    let (stdout, stderr) = (text(&sqlx_run.stdout), text(&sqlx_run.stderr));
    ensure!(sqlx_run.status.code() == Some(2), "{stdout}{stderr}");
    ensure!(stdout.matches("lock_timeout: a lock the migration needs").count() == 2, "two retries: {stdout}");
    ensure!(stderr.contains("could not take its locks within lock_timeout after 2 retries") && stderr.contains("29990101000000_lock_note.sql"), "{stderr}");
    ensure!(started.elapsed() < Duration::from_secs(15), "it did not wait forever: {:?}", started.elapsed());

    // psql --single-transaction, as the README says.
    let started = Instant::now();
    let sql = std::fs::read_to_string(dir.join("29990101000000_lock_note.sql"))?;
    let psql_run = psql(db.url(), &sql, true)?;
    ensure!(!psql_run.status.success() && text(&psql_run.stderr).contains("lock timeout"), "{}", text(&psql_run.stderr));
    ensure!(started.elapsed() < Duration::from_secs(10), "psql waited {:?}", started.elapsed());

    // supabase db push, where the CLI is installed, on a database whose chain
    // it applied itself (it keeps its own history).
    match schema_testkit::runners::supabase_cli() {
        Some(cli) => {
            let pushed = TestDatabase::create_with_baseline("apply lock timeout supabase").await?;
            let work = schema_testkit::runners::supabase_workdir("lock", &migrations_with("lock-chain-supabase", &[])?)?;
            let chain = schema_testkit::runners::supabase_push(&cli, &work, pushed.url())?;
            ensure!(chain.status.success(), "{}{}", text(&chain.stdout), text(&chain.stderr));
            std::fs::copy(dir.join("29990101000000_lock_note.sql"), work.join("supabase/migrations/29990101000000_lock_note.sql"))?;
            let mut held = pushed.pool().begin().await?;
            sqlx::query("LOCK TABLE public.audit_log IN ACCESS EXCLUSIVE MODE").execute(&mut *held).await?;
            let started = Instant::now();
            let push = schema_testkit::runners::supabase_push(&cli, &work, pushed.url())?;
            ensure!(!push.status.success(), "supabase db push must fail on the held lock: {}", text(&push.stdout));
            let output = format!("{}{}", text(&push.stdout), text(&push.stderr));
            ensure!(output.contains("lock timeout") || output.contains("55P03"), "{output}");
            ensure!(started.elapsed() < Duration::from_secs(30), "supabase db push waited {:?}", started.elapsed());
            held.rollback().await?;
        }
        None => schema_testkit::runners::tool_missing("the Supabase CLI (npm install supabase, or set SUPABASE_CLI)")?,
    }
    holder.rollback().await?;
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT FROM information_schema.columns WHERE table_name = 'audit_log' AND column_name = 'lock_note')")
        .fetch_one(db.pool())
        .await?;
    ensure!(!exists, "no runner applied anything while the lock was held");
    Ok(())
}

#[tokio::test]
async fn an_edited_applied_migration_is_refused_naming_the_file() -> Result<()> {
    let db = TestDatabase::create_with_baseline("apply edited").await?;
    let dir = migrations_with("edited", &[])?;
    let first = apply(db.url(), &dir, &[])?;
    ensure!(first.status.success(), "{}", text(&first.stderr));
    let file = dir.join("20261125140340_freshness_indexes.sql");
    let edited = std::fs::read_to_string(&file)? + "\n-- an edit after the fact\n";
    std::fs::write(&file, edited)?;
    let refused = apply(db.url(), &dir, &[])?;
    let stderr = text(&refused.stderr);
    ensure!(refused.status.code() == Some(2), "{stderr}");
    ensure!(stderr.contains("migration 20261125140340_freshness_indexes.sql was changed after it was applied"), "{stderr}");
    ensure!(stderr.trim().lines().count() == 1, "one line: {stderr}");
    // And a database of another project is refused before anything changes.
    let other = TestDatabase::create_with_baseline("apply other project").await?;
    sqlx::raw_sql("CREATE TABLE public.invoices (id int)").execute(other.pool()).await?;
    let refused = apply(other.url(), &dir, &[])?;
    ensure!(text(&refused.stderr).contains("another project's database") && refused.status.code() == Some(2), "{}", text(&refused.stderr));
    let missing = apply("postgres://postgres@127.0.0.1:1/postgres", &dir, &[])?;
    ensure!(missing.status.code() == Some(2) && text(&missing.stderr).contains("cannot connect"), "{}", text(&missing.stderr));
    Ok(())
}
