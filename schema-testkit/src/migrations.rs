//! Applying a project's `generated/migrations` the way production does: with
//! sqlx's migrator (checksums, the `_sqlx_migrations` history table, an
//! advisory lock).

use anyhow::{Context, Result};
use sqlx::migrate::{MigrateError, Migrator};
use sqlx::PgPool;
use schema_engine::project::Project;
use std::path::{Path, PathBuf};

/// The project's committed migrations folder.
pub fn migrations_dir(project: &Project) -> PathBuf {
    project.root.join("generated/migrations")
}

/// Applies every pending migration in `dir`. A migration whose file changed after
/// it was applied is reported by file name.
pub async fn apply_from(pool: &PgPool, dir: &Path) -> Result<()> {
    let migrator = Migrator::new(dir).await.with_context(|| format!("reading migrations from {}", dir.display()))?;
    migrator.run(pool).await.map_err(|error| match error {
        MigrateError::VersionMismatch(version) => {
            let file = migrator
                .iter()
                .find(|m| m.version == version)
                .map(|m| format!("{}_{}.sql", m.version, m.description.replace(' ', "_")))
                .unwrap_or_else(|| version.to_string());
            anyhow::anyhow!(
                "migration {file} was changed after it was applied (its checksum differs from the one recorded); \
                 applied migrations are append-only: restore it and write a new migration instead"
            )
        }
        other => anyhow::Error::new(other).context(format!("applying migrations from {}", dir.display())),
    })
}

/// Applies the project's committed migrations, as `apply` does: the history
/// table first closed to the platform's API roles
/// ([`schema_engine::sql::history`]), then the migrator.
pub async fn apply(pool: &PgPool, project: &Project) -> Result<()> {
    let secure = schema_engine::sql::history::secure_sqlx_history(&project.platform);
    sqlx::raw_sql(&secure).execute(pool).await.context("closing the migration history table to the API roles")?;
    apply_from(pool, &migrations_dir(project)).await
}
