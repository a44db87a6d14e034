//! The catalog round trip: apply the committed migrations to a fresh database,
//! read its catalog back, and compare it with the declared catalog. A clean
//! database must show no difference, and the empty comparison must come from
//! reading everything. (Tampered databases: `drift_tampers`.)

use anyhow::Result;
use schema_tests::catalog::{declared, drift, listing};
use schema_tests::migrations;
use schema_tests::pg::TestDatabase;

#[tokio::test]
async fn migrated_database_matches_the_declarations() -> Result<()> {
    let declared = declared()?;
    let db = TestDatabase::create_with_baseline("catalog roundtrip clean").await?;
    migrations::apply(db.pool()).await?;
    let (rendered, live, changes) = drift(&db, &declared).await?;
    assert!(changes.is_empty(), "{} difference(s) between the declarations and the migrated database:\n{}", changes.len(), listing(&changes));
    // An empty comparison must come from reading everything, not from reading nothing.
    assert_eq!(live.tables.len(), declared.tables.len());
    assert_eq!(live.views.len(), declared.views.len());
    assert_eq!(live.functions.len(), declared.functions.len());
    assert!(!declared.materialized_views.is_empty(), "the schema declares caches");
    assert_eq!(live.materialized_views.len(), declared.materialized_views.len());
    assert_eq!(live.schemas.len(), declared.schemas.len());
    assert!(!live.default_privileges.is_empty(), "default privileges are read");
    // The server rendered every declared body, so views compared by meaning.
    assert!(rendered.views.iter().all(|v| v.canonical.is_some()), "every declared view rendered");
    assert!(rendered.materialized_views.iter().all(|m| m.canonical.is_some()), "every cache rendered");
    Ok(())
}
