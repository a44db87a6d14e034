//! Applying SQL the ways real runners do: psql (`--single-transaction` for a
//! transactional migration, plain for an online one, plain for a script that
//! carries its own BEGIN/COMMIT), so tests apply planned migrations exactly as
//! the README tells operators to.

use crate::pg::TestDatabase;
use anyhow::{ensure, Context, Result};
use schema_engine::catalog::Catalog;
use schema_engine::plan::{self, Plan};
use std::process::{Command, Output};

/// Runs `psql -X -q -v ON_ERROR_STOP=1 [--single-transaction] -f <sql>`.
pub fn psql(url: &str, sql: &str, single_transaction: bool) -> Result<Output> {
    let file = tempfile::Builder::new().suffix(".sql").tempfile()?;
    std::fs::write(file.path(), sql)?;
    let mut command = Command::new("psql");
    command.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url]);
    if single_transaction {
        command.arg("--single-transaction");
    }
    command.arg("-f").arg(file.path()).output().context("running psql")
}

/// Like [`psql`], failing with psql's error output and the SQL.
pub fn psql_ok(url: &str, sql: &str, single_transaction: bool, what: &str) -> Result<()> {
    let output = psql(url, sql, single_transaction)?;
    ensure!(output.status.success(), "{what} failed:\n{}\n--- SQL ---\n{sql}", String::from_utf8_lossy(&output.stderr));
    Ok(())
}

/// The migration files of `plan`, rendered as `cargo xtask migrate` writes them.
pub fn migration_files(plan: &Plan, title: &str, catalog: &Catalog) -> Vec<(bool, String)> {
    plan.files().iter().map(|file| (file.transactional, file.render("-- test migration", title, &catalog.platform))).collect()
}

/// Applies every migration file of `plan` with psql, as the README says: a
/// transactional file with `--single-transaction`, an online one without.
pub fn apply_with_psql(db: &TestDatabase, plan: &Plan, title: &str, catalog: &Catalog) -> Result<()> {
    for (transactional, sql) in migration_files(plan, title, catalog) {
        psql_ok(db.url(), &sql, transactional, title)?;
    }
    Ok(())
}

/// Applies a rollback or repair script (its own BEGIN/COMMIT per part) with psql.
pub fn apply_script(db: &TestDatabase, plan: &Plan, what: &str, catalog: &Catalog) -> Result<()> {
    let script = plan::render_script(plan, &format!("-- {what}"), &catalog.platform);
    psql_ok(db.url(), &script, false, what)
}

/// An external tool the tests run: the path in `env`, the copy `.ci/run`
/// installs under `target/tools/<installed>`, or `name` on the PATH.
fn tool(env: &str, installed: &str, name: &str) -> Option<std::path::PathBuf> {
    if let Some(path) = std::env::var_os(env) {
        return Some(path.into());
    }
    let copy = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/tools").join(installed);
    if copy.exists() {
        return Some(copy);
    }
    std::env::var_os("PATH").and_then(|paths| std::env::split_paths(&paths).map(|dir| dir.join(name)).find(|p| p.exists()))
}

/// The Supabase CLI (`npm install supabase`, or `SUPABASE_CLI`).
pub fn supabase_cli() -> Option<std::path::PathBuf> {
    tool("SUPABASE_CLI", "supabase/node_modules/.bin/supabase", "supabase")
}

/// squawk, the migration linter (`pip install squawk-cli`, or `SQUAWK`).
pub fn squawk() -> Option<std::path::PathBuf> {
    tool("SQUAWK", "squawk/bin/squawk", "squawk")
}

/// What a test does when a tool is missing: on a developer's machine it
/// skips with a message; where `HOTROD_REQUIRE_TOOLS` is set (`.ci/run` sets
/// it once the installs succeed) the missing tool is a failure, so CI cannot
/// pass by skipping.
pub fn tool_missing(what: &str) -> Result<()> {
    if std::env::var_os("HOTROD_REQUIRE_TOOLS").is_some() {
        anyhow::bail!("{what} is not installed, and HOTROD_REQUIRE_TOOLS says it must be");
    }
    println!("skipped: {what} is not installed (.ci/run installs it under target/tools)");
    Ok(())
}

/// A Supabase project folder whose `supabase/migrations` is a copy of `migrations`.
pub fn supabase_workdir(label: &str, migrations: &std::path::Path) -> Result<std::path::PathBuf> {
    let work = std::env::temp_dir().join(format!("supabase-{label}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let target = work.join("supabase/migrations");
    std::fs::create_dir_all(&target)?;
    for entry in std::fs::read_dir(migrations)? {
        let entry = entry?;
        std::fs::copy(entry.path(), target.join(entry.file_name()))?;
    }
    Ok(work)
}

/// `supabase db push --remote=<url> --yes --workdir <work>`: every pending
/// migration of the folder, each with its history row in one pipeline.
pub fn supabase_push(cli: &std::path::Path, work: &std::path::Path, url: &str) -> Result<Output> {
    let url = if url.contains('?') { url.to_owned() } else { format!("{url}?sslmode=disable") };
    Command::new(cli)
        .args(["db", "push", &format!("--remote={url}"), "--yes", "--workdir"])
        .arg(work)
        .output()
        .context("running supabase db push")
}
