//! Cached views on a real server: a cached view shows exactly what its declared
//! SELECT returned at the last refresh; its materialized rows are out of every
//! API role's reach; only the callers the tables' policies let read everything
//! get rows through it; and only service_role may refresh it.

use anyhow::{ensure, Context, Result};
use schema_engine::catalog::{CacheOrigin, Catalog};
use schema_engine::model::{Schema, View};
use schema_engine::sql::quote::qualified;
use schema_tests::access::Persona;
use schema_tests::personas;
use schema_tests::plans::act_as;
use schema_tests::view_data::{database_with_fixture, refresh_caches, view_rows};
use serde_json::Value;
use sqlx::{Executor, PgPool};

fn schema() -> Schema {
    schema_def::schema().unwrap_or_else(|errors| panic!("invalid schema: {errors:?}"))
}

fn catalog() -> Catalog {
    schema_def::catalog().unwrap_or_else(|errors| panic!("invalid schema: {errors:?}"))
}

/// Every cached view: what it lowered to, and its declaration.
fn cached_views(schema: &Schema, catalog: &Catalog) -> Vec<(CacheOrigin, View)> {
    catalog.caches.iter().map(|cache| (cache.clone(), schema.view(&cache.view).expect("declared").clone())).collect()
}

/// The rows the view's declared SELECT returns now, in `view_rows`' form.
async fn declared_rows(pool: &PgPool, view: &View) -> Result<Vec<Value>> {
    let name = &view.name.name;
    let scratch = format!("scratch_{name}");
    let body = view.body.trim().trim_end_matches(';');
    pool.execute(format!("DROP VIEW IF EXISTS public.{scratch}; CREATE VIEW public.{scratch} AS {body}").as_str())
        .await
        .with_context(|| format!("running the declared SELECT of {name}"))?;
    let rows = view_rows(pool, &scratch).await?;
    pool.execute(format!("DROP VIEW public.{scratch}").as_str()).await?;
    Ok(rows)
}

/// Runs `sql` as `persona` in a transaction that is rolled back; the rows'
/// count, or the SQLSTATE of the error.
async fn as_persona(pool: &PgPool, persona: &Persona, sql: &str) -> Result<Result<usize, String>> {
    let mut tx = pool.begin().await?;
    act_as(&mut tx, persona).await?;
    let outcome = match sqlx::query(sql).fetch_all(&mut *tx).await {
        Ok(rows) => Ok(rows.len()),
        Err(sqlx::Error::Database(error)) => Err(error.code().map(|c| c.into_owned()).unwrap_or_default()),
        Err(other) => return Err(other.into()),
    };
    tx.rollback().await?;
    Ok(outcome)
}

#[tokio::test]
async fn a_cached_view_shows_its_select_as_of_the_last_refresh() -> Result<()> {
    let cached = cached_views(&schema(), &catalog());
    ensure!(cached.len() >= 5, "the heavy aggregates are cached: {}", cached.len());
    for fixture in ["trends", "analytics"] {
        let db = database_with_fixture(fixture).await?;
        for (_, view) in &cached {
            let name = &view.name.name;
            let shown = view_rows(db.pool(), name).await?;
            assert_eq!(shown, declared_rows(db.pool(), view).await?, "{name} over the {fixture} fixture");
        }
        // New data is not shown until the next refresh; then it is.
        db.pool().execute("DELETE FROM public.customer_segments; DELETE FROM public.inventory_snapshots").await?;
        let before = view_rows(db.pool(), "v_customer_segment_summary").await?;
        refresh_caches(db.pool()).await?;
        for (_, view) in &cached {
            let name = &view.name.name;
            assert_eq!(view_rows(db.pool(), name).await?, declared_rows(db.pool(), view).await?, "{name} after a refresh");
        }
        if fixture == "analytics" {
            assert!(!before.is_empty(), "the analytics fixture has segments");
            assert!(view_rows(db.pool(), "v_customer_segment_summary").await?.is_empty(), "the refresh saw the deletion");
        }
    }
    Ok(())
}

#[tokio::test]
async fn cached_rows_are_reachable_only_through_the_view_and_only_for_full_readers() -> Result<()> {
    let catalog = catalog();
    let db = database_with_fixture("analytics").await?;
    let view = catalog.caches.iter().find(|c| c.view.name == "v_customer_segment_summary").expect("cached");
    let total = view_rows(db.pool(), "v_customer_segment_summary").await?.len();
    ensure!(total > 0, "the fixture fills the cache");
    let materialized = format!("SELECT * FROM {}", qualified(&view.relation));
    let reader = format!("SELECT * FROM {}", qualified(&view.reader));
    let refresh = format!("SELECT {}()", qualified(&view.refresher));
    let through_view = "SELECT * FROM public.v_customer_segment_summary";
    let denied = || Err("42501".to_owned());
    for persona in &personas::all() {
        let outcome = |sql| as_persona(db.pool(), persona, sql);
        assert_eq!(outcome(&materialized).await?, denied(), "{persona:?} selects the materialized view directly");
        let (view_rows, reader_rows, refresh_outcome) = match persona.name.as_str() {
            "anon" => (denied(), denied(), denied()),
            "authenticated" => (Ok(0), Ok(0), denied()),
            "operator" => (Ok(total), Ok(total), denied()),
            _ => (Ok(total), Ok(total), Ok(1)),
        };
        assert_eq!(outcome(through_view).await?, view_rows, "{persona:?} reads the view");
        assert_eq!(outcome(&reader).await?, reader_rows, "{persona:?} reads the reader view");
        assert_eq!(outcome(&refresh).await?, refresh_outcome, "{persona:?} refreshes the cache");
    }
    // A superuser session without SET ROLE (the table owner) reads everything, as RLS lets it.
    assert_eq!(sqlx::query(through_view).fetch_all(db.pool()).await?.len(), total);
    Ok(())
}
