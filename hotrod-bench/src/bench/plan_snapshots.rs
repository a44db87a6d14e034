//! Plans under review: every view's EXPLAIN shape at test scale (`small`), as an
//! operator sees it, snapshot-checked with insta; and each view's EXPLAIN
//! ANALYZE execution time under the 200 ms target. A lost index or a new
//! sequential scan on a large table shows up as a snapshot change in review.
//! A cached view also has the plan of its refresh (its declared SELECT, run by
//! the owner) snapshot, since that is where its indexes matter.

use crate::seed::{self, Scale, SeedOptions};
use anyhow::Result;
use schema_testkit::pg::TestDatabase;
use schema_testkit::plans;

/// The dictionary's target for dashboard queries.
const TARGET_MS: f64 = 200.0;

#[tokio::test(flavor = "multi_thread")]
async fn view_plans_keep_their_shape_and_meet_the_target() -> Result<()> {
    let model = crate::model()?.schema;
    let db = TestDatabase::create_with_baseline("view plans").await?;
    crate::apply_migrations(db.pool()).await?;
    let (mut conn, mut side) = (db.pool().acquire().await?, db.pool().acquire().await?);
    seed::seed_with(&mut conn, &mut side, SeedOptions { scale: Scale::SMALL, today: None, progress: false }).await?;
    let mut slow = Vec::new();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    for view in &model.views {
        let name = &view.name.name;
        let explained = plans::explain_view(&mut conn, &crate::operator(), name, false).await?;
        settings.bind(|| insta::assert_snapshot!(format!("plan_{name}"), plans::shape(&explained)));
        if view.cache.is_some() {
            // A cached view is read from its cache; what computes its rows is the refresh.
            let refresh = plans::explain_as_owner(&mut conn, &view.body).await?;
            settings.bind(|| insta::assert_snapshot!(format!("refresh_{name}"), plans::shape(&refresh)));
        }
        let analyzed = plans::explain_view(&mut conn, &crate::operator(), name, true).await?;
        let milliseconds = plans::execution_ms(&analyzed);
        // NaN (no timing reported) counts as slow.
        if milliseconds.is_nan() || milliseconds >= TARGET_MS {
            slow.push(format!("{name}: {milliseconds:.1} ms"));
        }
    }
    assert!(slow.is_empty(), "views over {TARGET_MS} ms at test scale:\n{}", slow.join("\n"));
    Ok(())
}
