//! The Hot Rod AN test suite's support: the generic test kit
//! (`schema-testkit`) bound to the Hot Rod project, its personas and its
//! security model, and the hand-built fixture data of the view tests.
//!
//! The integration tests under `tests/` run against a real PostgreSQL server;
//! [`pg`] finds or starts one and hands each test its own fresh database, and
//! [`migrations`] applies `generated/migrations` to it with sqlx's migrator.

pub mod personas;
pub mod view_data;

pub use schema_testkit::{access, fixtures, pg, plans, runners};

/// The Hot Rod project (`schema_def::project()`).
pub fn project() -> schema_engine::project::Project {
    schema_def::project()
}

/// The Hot Rod migrations, applied as production applies them.
pub mod migrations {
    pub use schema_testkit::migrations::apply_from;

    /// The committed migrations folder.
    pub fn migrations_dir() -> std::path::PathBuf {
        schema_testkit::migrations::migrations_dir(&crate::project())
    }

    /// Applies the committed migrations.
    pub async fn apply(pool: &sqlx::PgPool) -> anyhow::Result<()> {
        schema_testkit::migrations::apply(pool, &crate::project()).await
    }
}

/// The Hot Rod catalog, read back and compared.
pub mod catalog {
    pub use schema_testkit::catalog::{deployed, drift, listing};

    /// The declared catalog of the Hot Rod schema.
    pub fn declared() -> anyhow::Result<schema_engine::catalog::Catalog> {
        schema_testkit::catalog::declared(&crate::project())
    }
}
