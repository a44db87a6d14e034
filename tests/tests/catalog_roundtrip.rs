//! The catalog round trip: apply the committed migrations to a fresh database,
//! read its catalog back into the model, and diff it against the declarations.
//! A clean database must show no difference; a tampered one must show exactly
//! what was tampered with.

use anyhow::{anyhow, Result};
use schema_engine::diff::{diff, Change, Difference, ObjectKind};
use schema_engine::introspect::{introspect, IntrospectOptions};
use schema_engine::model::{QualifiedName, Schema};
use schema_engine::sql::quote::{ident, qualified};
use schema_tests::migrations;
use schema_tests::pg::TestDatabase;

fn declared() -> Result<Schema> {
    schema_def::schema().map_err(|errors| {
        let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow!("the declared schema is invalid:\n{}", errors.join("\n"))
    })
}

/// A fresh database with the Supabase baseline and every migration applied.
async fn migrated(hint: &str) -> Result<TestDatabase> {
    let db = TestDatabase::create_with_baseline(hint).await?;
    migrations::apply(db.pool()).await?;
    Ok(db)
}

async fn introspected(db: &TestDatabase, declared: &Schema) -> Result<Schema> {
    let mut conn = db.pool().acquire().await?;
    Ok(introspect(&mut conn, &IntrospectOptions::for_schema(declared)).await?)
}

fn listing(differences: &[Difference]) -> String {
    differences.iter().map(|d| format!("  {d}\n")).collect()
}

#[tokio::test]
async fn migrated_database_matches_the_declarations() -> Result<()> {
    let declared = declared()?;
    let db = migrated("catalog roundtrip clean").await?;
    let actual = introspected(&db, &declared).await?;

    let differences = diff(&declared, &actual);
    assert!(
        differences.is_empty(),
        "{} difference(s) between the declarations and the migrated database:\n{}",
        differences.len(),
        listing(&differences)
    );
    // An empty diff must come from reading everything, not from reading nothing.
    // Cached views bring a materialized view and two functions each.
    let lowered = declared.lowered();
    assert_eq!(actual.tables.len(), declared.tables.len());
    assert_eq!(actual.views.len(), declared.views.len());
    assert_eq!(actual.materialized_views.len(), lowered.materialized_views.len());
    assert!(!lowered.materialized_views.is_empty(), "the schema declares caches");
    assert_eq!(actual.functions.len(), lowered.functions.len());
    Ok(())
}

#[tokio::test]
async fn tampered_database_shows_exactly_the_tampering() -> Result<()> {
    let declared = declared()?;
    let db = migrated("catalog roundtrip tampered").await?;
    for statement in [
        "DROP INDEX public.idx_customer_segments_lifecycle",
        "ALTER TABLE public.fulfillment_tracking ALTER COLUMN sla_threshold_days SET DEFAULT 3",
        "CREATE POLICY extra_policy ON public.ceo_time_savings FOR SELECT TO anon USING (true)",
    ] {
        sqlx::query(statement).execute(db.pool()).await?;
    }
    let actual = introspected(&db, &declared).await?;

    let differences = diff(&declared, &actual);
    println!("differences found:\n{}", listing(&differences));
    assert_eq!(differences.len(), 3, "expected exactly three differences:\n{}", listing(&differences));

    let find = |kind: ObjectKind, name: &str| {
        differences
            .iter()
            .find(|d| d.object.kind == kind && d.object.name == name)
            .ok_or_else(|| anyhow!("no difference about {} {name}:\n{}", kind.as_str(), listing(&differences)))
    };

    let index = find(ObjectKind::Index, "idx_customer_segments_lifecycle")?;
    assert_eq!(index.object.table, Some(QualifiedName::new("public", "customer_segments")));
    assert_eq!(index.change, Change::Missing);
    assert_eq!(index.to_string(), "index idx_customer_segments_lifecycle on public.customer_segments: missing");

    let column = find(ObjectKind::Column, "sla_threshold_days")?;
    assert_eq!(column.object.table, Some(QualifiedName::new("public", "fulfillment_tracking")));
    assert_eq!(
        column.change,
        Change::Differs { property: "default".to_owned(), expected: "2".to_owned(), found: "3".to_owned() }
    );
    assert_eq!(
        column.to_string(),
        "column public.fulfillment_tracking.sla_threshold_days: default differs: expected 2, found 3"
    );

    let policy = find(ObjectKind::Policy, "extra_policy")?;
    assert_eq!(policy.object.table, Some(QualifiedName::new("public", "ceo_time_savings")));
    assert_eq!(policy.change, Change::Extra);
    assert_eq!(policy.to_string(), "policy extra_policy on public.ceo_time_savings: extra (not declared)");
    Ok(())
}

#[tokio::test]
async fn tampered_view_shows_exactly_the_tampering() -> Result<()> {
    let declared = declared()?;
    let view = declared.views.first().ok_or_else(|| anyhow!("no views declared"))?;
    let column = view.columns.first().ok_or_else(|| anyhow!("view {} has no columns", view.name))?;
    let db = migrated("catalog roundtrip tampered view").await?;
    let name = qualified(&view.name);
    for statement in [
        format!("ALTER VIEW {name} SET (security_invoker = false)"),
        format!("GRANT SELECT ON {name} TO anon"),
        format!("COMMENT ON COLUMN {name}.{} IS 'tampered'", ident(&column.name)),
    ] {
        sqlx::query(&statement).execute(db.pool()).await?;
    }
    let actual = introspected(&db, &declared).await?;

    let differences = diff(&declared, &actual);
    println!("differences found:\n{}", listing(&differences));
    let texts: Vec<String> = differences.iter().map(ToString::to_string).collect();
    assert_eq!(
        texts,
        [
            format!(
                "view column {}.{}: comment differs: expected {:?}, found \"tampered\"",
                view.name, column.name, column.comment
            ),
            format!("view {}: security_invoker differs: expected true, found false", view.name),
            format!("view {}: privileges of anon differs: expected none, found SELECT", view.name),
        ],
        "expected exactly the three tamperings:\n{}",
        listing(&differences)
    );
    assert!(differences.iter().all(|d| d.object.kind == ObjectKind::ViewColumn || d.object.kind == ObjectKind::View));
    Ok(())
}

#[tokio::test]
async fn tampered_cache_shows_exactly_the_tampering() -> Result<()> {
    let declared = declared()?;
    let lowered = declared.lowered();
    let cache = lowered.materialized_views.first().ok_or_else(|| anyhow!("no cached views declared"))?;
    let db = migrated("catalog roundtrip tampered cache").await?;
    let name = qualified(&cache.name);
    for statement in [
        format!("GRANT SELECT ON {name} TO authenticated"),
        format!("DROP INDEX {}.{}", ident(&cache.name.schema), ident(&format!("{}_key", cache.name.name))),
    ] {
        sqlx::query(&statement).execute(db.pool()).await?;
    }
    let actual = introspected(&db, &declared).await?;

    let differences = diff(&declared, &actual);
    let texts: Vec<String> = differences.iter().map(ToString::to_string).collect();
    assert_eq!(
        texts,
        [
            format!("materialized view {}: unique key differs: expected {}, found none", cache.name, cache.unique_key.join(", ")),
            format!("materialized view {}: privileges of authenticated differs: expected none, found SELECT", cache.name),
        ],
        "expected exactly the two tamperings:\n{}",
        listing(&differences)
    );
    Ok(())
}
