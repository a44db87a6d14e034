//! The pg_cron jobs — `archive_old_audit_logs()` and every cached view's
//! refresh — where pg_cron is available.
//!
//! The migration schedules the job only when the pg_cron extension exists (it
//! does on Supabase), so here the extension is created first and the migrations
//! applied after it. pg_cron works only in the database named by
//! `cron.database_name` (`postgres` on the throwaway server, which preloads
//! pg_cron when the `postgresql-15-cron` package is installed), so this test
//! uses that database of its own server rather than a fresh test database:
//! this file holds a single test, and its server is this test binary's alone.

use anyhow::{Context, Result};
use schema_tests::migrations;
use schema_tests::pg::{server, ServerOrigin, BASELINE_SQL};
use schema_engine::catalog::Catalog;
use schema_engine::compare::{compare, Object, Renames};
use schema_engine::introspect::{introspect, Scope};
use sqlx::postgres::PgPoolOptions;
use sqlx::Executor;

#[tokio::test]
async fn archive_job_runs_daily_at_two_utc() -> Result<()> {
    let server = server().await?;
    if !server.has_pg_cron() {
        println!(
            "skipped: the test server has no pg_cron (install the postgresql-15-cron package \
             for the throwaway server, or use a server that preloads pg_cron)"
        );
        return Ok(());
    }
    if matches!(server.origin(), ServerOrigin::DatabaseUrl) {
        println!(
            "skipped: the server comes from DATABASE_URL; this test would apply the schema to its \
             pg_cron database, which is not a throwaway database"
        );
        return Ok(());
    }
    let pool = PgPoolOptions::new().max_connections(2).connect(server.admin_url()).await?;
    let (database, cron_database): (String, String) =
        sqlx::query_as("SELECT current_database()::text, current_setting('cron.database_name')")
            .fetch_one(&pool)
            .await?;
    if database != cron_database {
        println!("skipped: pg_cron runs in database {cron_database}, but the admin connection is to {database}");
        return Ok(());
    }

    let baseline = std::fs::read_to_string(BASELINE_SQL).with_context(|| format!("reading {BASELINE_SQL}"))?;
    sqlx::raw_sql(&baseline).execute(&pool).await.context("applying the Supabase baseline")?;
    // Before the migrations: the schedule is created only where pg_cron is installed.
    pool.execute("CREATE EXTENSION IF NOT EXISTS pg_cron").await?;
    migrations::apply(&pool).await?;

    let jobs: Vec<(String, String, String, String, bool)> = sqlx::query_as(
        "SELECT jobname::text, schedule::text, command::text, database::text, active \
         FROM cron.job WHERE jobname = 'archive-old-audit-logs'",
    )
    .fetch_all(&pool)
    .await?;
    assert_eq!(jobs.len(), 1, "exactly one archive job: {jobs:?}");
    let (name, schedule, command, job_database, active) = &jobs[0];
    assert_eq!(name, "archive-old-audit-logs");
    assert_eq!(schedule, "0 2 * * *", "daily at 02:00 (pg_cron's times are UTC)");
    assert_eq!(command, "SELECT public.archive_old_audit_logs()");
    assert_eq!(job_database, &database);
    assert!(active, "the job is active");

    // The job's command works as written (nothing is old enough to move).
    let moved: i32 = sqlx::query_scalar(command.as_str()).fetch_one(&pool).await?;
    assert_eq!(moved, 0);

    // Every cached view's refresh is scheduled as declared, and its command runs.
    let declared = schema_tests::catalog::declared()?;
    let refreshes: Vec<_> = declared.jobs.iter().filter(|job| declared.caches.iter().any(|c| c.job == job.name)).collect();
    assert!(!refreshes.is_empty(), "the schema declares cached views");
    for job in &refreshes {
        let (cron, command): (String, String) =
            sqlx::query_as("SELECT schedule::text, command::text FROM cron.job WHERE jobname = $1")
                .bind(&job.name)
                .fetch_one(&pool)
                .await
                .with_context(|| format!("job {}", job.name))?;
        assert_eq!(cron, job.schedule, "{}", job.name);
        assert_eq!(command, job.command);
        pool.execute(command.as_str()).await.with_context(|| format!("running {command}"))?;
    }

    // Drift sees the jobs: none differs after the migrations; an unscheduled
    // refresh and a moved archive job are named.
    let mut conn = pool.acquire().await?;
    let scope = Scope::of(&declared);
    let job_changes = |live: &Catalog| -> Vec<String> {
        compare(&declared, live, &Renames::default())
            .into_iter()
            .filter(|c| matches!(c.object, Object::Job { .. }))
            .map(|c| c.to_string())
            .collect()
    };
    let live = introspect(&mut conn, &scope).await?;
    assert!(live.has_jobs, "pg_cron is installed, so its jobs are read");
    assert_eq!(job_changes(&live), Vec::<String>::new());
    let refresh = refreshes[0];
    sqlx::query("SELECT cron.unschedule($1)").bind(&refresh.name).execute(&mut *conn).await?;
    conn.execute("SELECT cron.schedule('archive-old-audit-logs', '0 3 * * *', 'SELECT public.archive_old_audit_logs()')").await?;
    let live = introspect(&mut conn, &scope).await?;
    assert_eq!(
        job_changes(&live),
        [
            "pg_cron job archive-old-audit-logs: schedule: 0 2 * * * → 0 3 * * *".to_owned(),
            format!("pg_cron job {}: removed", refresh.name),
        ]
    );
    // The repair reschedules both (planned against the declared views as the
    // server renders them, as drift plans it).
    let mut rendered = declared.clone();
    schema_engine::introspect::render_declared(&mut conn, &mut rendered).await?;
    let repair = schema_engine::plan::repair(&live, &rendered);
    let script = schema_engine::plan::render_script(&repair, "-- repair", &declared.platform);
    sqlx::raw_sql(&script).execute(&mut *conn).await.with_context(|| format!("applying the repair:\n{script}"))?;
    assert_eq!(job_changes(&introspect(&mut conn, &scope).await?), Vec::<String>::new(), "repaired:\n{script}");
    drop(conn);
    pool.close().await;
    Ok(())
}
