//! Running views over hand-built fixture data and turning their rows into stable
//! text for assertions and insta snapshots.
//!
//! Fixtures (`tests/fixtures/*.sql`) date their rows relative to `current_date`
//! so "real-time" views have something to show whenever the tests run; the rows
//! a view returns are rendered with dates as `today-3` and timestamps as
//! `today-3 10:00:00`, so snapshots do not change from day to day.

use crate::migrations;
use crate::pg::TestDatabase;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde_json::Value;
use sqlx::{Executor, PgPool};
use std::path::Path;

/// A fresh database with the Supabase baseline, every migration, and the fixture
/// file `tests/fixtures/<fixture>.sql` loaded by the table owner; then every
/// cached view is refreshed, as an ETL would after a load, so cached views show
/// the fixture's rows.
pub async fn database_with_fixture(fixture: &str) -> Result<TestDatabase> {
    let db = TestDatabase::create_with_baseline(&format!("views {fixture}")).await?;
    migrations::apply(db.pool()).await?;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(format!("{fixture}.sql"));
    let sql = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    db.pool().execute(sql.as_str()).await.with_context(|| format!("loading {}", path.display()))?;
    refresh_caches(db.pool()).await?;
    Ok(db)
}

/// Refreshes every cached view of the declared schema, on a pool or a
/// connection of the table owner.
pub async fn refresh_caches<'c>(executor: impl Executor<'c, Database = sqlx::Postgres>) -> Result<()> {
    let catalog = schema_def::catalog().map_err(|errors| anyhow::anyhow!("the declared schema is invalid: {errors:?}"))?;
    let sql = schema_engine::lower::refresh_caches_sql(&catalog);
    executor.execute(sql.as_str()).await.context("refreshing the cached views")?;
    Ok(())
}

/// Every row of `public.<view>` as JSON objects, sorted, with dates and
/// timestamps made relative to the server's current date (in UTC).
pub async fn view_rows(pool: &PgPool, view: &str) -> Result<Vec<Value>> {
    let mut tx = pool.begin().await?;
    tx.execute("SET LOCAL TIME ZONE 'UTC'").await?;
    let today: NaiveDate = sqlx::query_scalar("SELECT current_date").fetch_one(&mut *tx).await?;
    let sql = format!("SELECT to_jsonb(v) FROM public.{view} AS v", view = schema_engine::sql::quote::ident(view));
    let mut rows: Vec<Value> = sqlx::query_scalar(&sql)
        .fetch_all(&mut *tx)
        .await
        .with_context(|| format!("selecting from view {view}"))?;
    tx.rollback().await?;
    for row in &mut rows {
        relativize(row, today);
    }
    rows.sort_by_key(|row| row.to_string());
    Ok(rows)
}

/// The rows as one pretty JSON document, for `insta::assert_snapshot!`.
pub async fn view_snapshot(pool: &PgPool, view: &str) -> Result<String> {
    Ok(serde_json::to_string_pretty(&view_rows(pool, view).await?)?)
}

fn relativize(value: &mut Value, today: NaiveDate) {
    match value {
        Value::Object(map) => map.values_mut().for_each(|v| relativize(v, today)),
        Value::Array(items) => items.iter_mut().for_each(|v| relativize(v, today)),
        Value::String(text) => {
            if let Some(relative) = relative_date(text, today) {
                *text = relative;
            }
        }
        _ => {}
    }
}

/// `2026-11-22` → `today-3`; `2026-11-22T10:00:00+00:00` → `today-3 10:00:00`.
fn relative_date(text: &str, today: NaiveDate) -> Option<String> {
    let date = NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    let offset = (date - today).num_days();
    let day = match offset {
        0 => "today".to_owned(),
        n if n > 0 => format!("today+{n}"),
        n => format!("today{n}"),
    };
    match text.get(10..) {
        Some("") => Some(day),
        Some(rest) if rest.starts_with('T') => {
            let time = rest[1..].trim_end_matches("+00:00").trim_end_matches('Z');
            Some(format!("{day} {time}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_relative() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(relative_date("2026-11-22", today).as_deref(), Some("today-3"));
        assert_eq!(relative_date("2026-11-25T10:00:00+00:00", today).as_deref(), Some("today 10:00:00"));
        assert_eq!(relative_date("2026-12-01", today).as_deref(), Some("today+6"));
        assert_eq!(relative_date("hot rod", today), None);
        assert_eq!(relative_date("2026-11-22 extra", today), None);
    }
}
