//! The generated migrations as real clients apply them: psql with
//! ON_ERROR_STOP on a plain PostgreSQL that only has Supabase's roles, and sqlx's
//! migrator with its checksums. A migration applies whole or not at all.

use anyhow::{ensure, Context, Result};
use schema_tests::migrations::{self, migrations_dir};
use schema_tests::pg::TestDatabase;
use std::path::{Path, PathBuf};
use std::process::Command;

fn migration_files() -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(migrations_dir())?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    files.retain(|p| p.extension().is_some_and(|e| e == "sql"));
    files.sort();
    ensure!(!files.is_empty(), "no migrations in {}", migrations_dir().display());
    Ok(files)
}

/// Only the three API roles, as on a plain server prepared for Supabase SQL.
async fn create_api_roles(db: &TestDatabase) -> Result<()> {
    for role in ["anon", "authenticated", "service_role"] {
        let sql = format!(
            "DO $$ BEGIN CREATE ROLE {role} NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        );
        sqlx::query(&sql).execute(db.pool()).await?;
    }
    Ok(())
}

fn psql(db: &TestDatabase, file: &Path) -> Result<std::process::Output> {
    Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.url(), "-f"])
        .arg(file)
        .output()
        .context("running psql (install postgresql-client)")
}

async fn public_table_count(db: &TestDatabase) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetch_one(db.pool()).await?)
}

#[tokio::test]
async fn psql_applies_every_migration_to_plain_postgres() -> Result<()> {
    let db = TestDatabase::create("psql plain").await?;
    create_api_roles(&db).await?;
    for file in migration_files()? {
        let output = psql(&db, &file)?;
        ensure!(
            output.status.success(),
            "psql failed on {}:\n{}",
            file.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let schema = schema_def::schema().map_err(|e| anyhow::anyhow!("{e:?}"))?;
    assert_eq!(public_table_count(&db).await?, schema.tables.len() as i64);
    Ok(())
}

#[tokio::test]
async fn a_failing_migration_leaves_the_database_as_it_was() -> Result<()> {
    let db = TestDatabase::create("psql atomic").await?;
    create_api_roles(&db).await?;
    let first = &migration_files()?[0];
    let broken = tempfile::Builder::new().suffix(".sql").tempfile()?;
    // The same migration with a failing statement just before its COMMIT.
    let text = std::fs::read_to_string(first)?;
    let cut = text.rfind("COMMIT;").context("migration has a COMMIT")?;
    std::fs::write(broken.path(), format!("{}SELECT 1 / 0;\n{}", &text[..cut], &text[cut..]))?;
    let output = psql(&db, broken.path())?;
    assert!(!output.status.success(), "the broken migration should fail");
    assert!(String::from_utf8_lossy(&output.stderr).contains("division by zero"));
    assert_eq!(public_table_count(&db).await?, 0, "a failed migration must leave no table behind");
    Ok(())
}

#[tokio::test]
async fn sqlx_migrator_applies_once_and_reports_an_edited_migration_by_name() -> Result<()> {
    let db = TestDatabase::create_with_baseline("sqlx migrator").await?;
    migrations::apply(db.pool()).await?;
    migrations::apply(db.pool()).await.context("re-applying is a no-op")?;
    let applied: i64 = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations WHERE success").fetch_one(db.pool()).await?;
    assert_eq!(applied, migration_files()?.len() as i64);

    let edited = tempfile::tempdir()?;
    for file in migration_files()? {
        let mut text = std::fs::read_to_string(&file)?;
        text.push_str("-- an edit after the fact\n");
        std::fs::write(edited.path().join(file.file_name().unwrap()), text)?;
    }
    let error = migrations::apply_from(db.pool(), edited.path()).await.unwrap_err().to_string();
    let first_name = migration_files()?[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(error.contains(&first_name), "error should name {first_name}: {error}");
    assert!(error.contains("changed after it was applied"), "{error}");
    Ok(())
}
