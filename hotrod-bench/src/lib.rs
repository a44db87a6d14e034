//! The Hot Rod project's seed and benchmark, and the binary behind the Hot Rod
//! verbs that need a database (`cargo xtask drift|apply|seed|bench` run it).
//!
//! - [`seed`]: deterministic synthetic data for every table, loaded with binary COPY.
//! - [`bench`]: every view against its target at a given scale, drift beside
//!   Supabase's differ, and a day-two change under load.

pub mod bench;
pub mod seed;

use anyhow::Result;
use schema_engine::project::Model;
use schema_testkit::access::Persona;

/// The Hot Rod declarations, validated and lowered.
pub fn model() -> Result<Model> {
    schema_cli::generated::load_model(&schema_def::project())
}

/// The committed migrations, applied with sqlx's migrator.
pub async fn apply_migrations(pool: &sqlx::PgPool) -> Result<()> {
    schema_testkit::migrations::apply(pool, &schema_def::project()).await
}

/// Refreshes every cached view, on a pool or a connection of the table owner,
/// as the ETL does after a load.
pub async fn refresh_caches<'c>(executor: impl sqlx::Executor<'c, Database = sqlx::Postgres>) -> Result<()> {
    let sql = schema_engine::lower::refresh_caches_sql(&model()?.catalog);
    executor.execute(sql.as_str()).await.map_err(|e| anyhow::anyhow!("refreshing the cached views: {e}"))?;
    Ok(())
}

/// The persona the dashboards read as: an operator (JWT `app_metadata.operator`).
pub fn operator() -> Persona {
    Persona::authenticated("operator", "00000000-0000-0000-0000-00000000000a", schema_def::access::operator_app_metadata())
}
