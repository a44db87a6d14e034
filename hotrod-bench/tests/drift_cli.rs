//! `cargo xtask drift` as a user runs it: the binary, its exit codes (0 clean,
//! 1 drift, 2 error), its text and JSON reports, the repair SQL it prints, and
//! its one-line errors for an unreachable server, a database of another
//! project and a role that cannot render the declared views.

use anyhow::{ensure, Result};
use schema_testkit::pg::TestDatabase;
use schema_testkit::runners::psql_ok;
use std::process::{Command, Output};

fn drift(url: &str, flags: &[&str]) -> Result<Output> {
    Ok(Command::new(env!("CARGO_BIN_EXE_hotrod-bench")).arg("drift").arg("--database-url").arg(url).args(flags).env_remove("DATABASE_URL").output()?)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn drift_reports_repairs_and_exits_by_what_it_found() -> Result<()> {
    let db = TestDatabase::create_with_baseline("drift cli").await?;
    hotrod_bench::apply_migrations(db.pool()).await?;

    let clean = drift(db.url(), &[])?;
    ensure!(clean.status.code() == Some(0), "a migrated database has no drift: {}{}", text(&clean.stdout), text(&clean.stderr));
    ensure!(text(&clean.stdout).contains("no drift"), "{}", text(&clean.stdout));

    sqlx::raw_sql("GRANT SELECT (id) ON public.sku_performance TO anon; ALTER TABLE public.sku_performance DISABLE TRIGGER set_updated_at")
        .execute(db.pool())
        .await?;
    let report = drift(db.url(), &[])?;
    let stdout = text(&report.stdout);
    ensure!(report.status.code() == Some(1), "drift exits 1: {stdout}");
    ensure!(stdout.contains("2 difference(s)"), "{stdout}");
    ensure!(
        stdout.contains("column public.sku_performance.id: privileges of anon differs: declared none, deployed SELECT"),
        "names the object, the attribute, both values: {stdout}"
    );
    ensure!(stdout.contains("trigger set_updated_at on public.sku_performance: enabled state differs: declared enabled, deployed disabled"), "{stdout}");
    ensure!(stdout.contains("--repair-sql"), "says what fixes it: {stdout}");

    let json = drift(db.url(), &["--json"])?;
    ensure!(json.status.code() == Some(1));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout)?;
    ensure!(value["format"] == "schema-drift/1" && value["clean"] == false, "{value}");
    let first = &value["differences"][0];
    ensure!(first["object"]["kind"] == "column" && first["object"]["table"] == "sku_performance" && first["object"]["name"] == "id", "{first}");
    ensure!(first["change"] == "altered" && first["attribute"] == "privileges" && first["grantee"] == "anon", "{first}");
    ensure!(first["declared"] == "none" && first["deployed"] == "SELECT", "{first}");
    ensure!(first["fix"].as_str().is_some_and(|f| f.contains("--repair-sql")), "{first}");

    let repair = drift(db.url(), &["--repair-sql"])?;
    let sql = text(&repair.stdout);
    ensure!(sql.contains("REVOKE SELECT (id) ON TABLE public.sku_performance FROM anon;"), "{sql}");
    ensure!(sql.contains("ALTER TABLE public.sku_performance ENABLE TRIGGER set_updated_at;"), "{sql}");
    psql_ok(db.url(), &sql, false, "the repair SQL")?;
    let repaired = drift(db.url(), &[])?;
    ensure!(repaired.status.code() == Some(0), "the repair restores the declarations: {}", text(&repaired.stdout));
    Ok(())
}

#[tokio::test]
async fn bad_input_is_one_line_and_exit_code_two() -> Result<()> {
    let one_line_error = |output: &Output, needle: &str| -> Result<()> {
        let stderr = text(&output.stderr);
        ensure!(output.status.code() == Some(2), "exit 2 for `{needle}`: {stderr}{}", text(&output.stdout));
        ensure!(stderr.trim().lines().count() == 1, "one line: {stderr}");
        ensure!(stderr.contains(needle), "`{needle}` in: {stderr}");
        Ok(())
    };
    one_line_error(&drift("postgres://postgres@127.0.0.1:1/postgres", &[])?, "cannot connect to PostgreSQL at 127.0.0.1:1")?;
    one_line_error(&drift("not a url", &[])?, "invalid --database-url")?;

    let empty = TestDatabase::create_with_baseline("drift cli empty").await?;
    one_line_error(&drift(empty.url(), &[])?, "holds none of the 12 declared tables")?;

    let db = TestDatabase::create_with_baseline("drift cli limited role").await?;
    hotrod_bench::apply_migrations(db.pool()).await?;
    let name = db.name().to_owned();
    sqlx::raw_sql(&format!(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'drift_reader') THEN \
         BEGIN CREATE ROLE drift_reader LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END; END IF; END $$; \
         REVOKE TEMPORARY ON DATABASE \"{name}\" FROM PUBLIC"
    ))
    .execute(db.pool())
    .await?;
    let url = db.url().replacen("postgres://postgres@", "postgres://drift_reader@", 1);
    ensure!(url != db.url(), "the test database URL names the postgres user: {}", db.url());
    one_line_error(&drift(&url, &[])?, "may not create temporary objects")?;
    Ok(())
}
