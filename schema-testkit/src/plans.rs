//! Query plans of the views, as their callers get them: EXPLAIN run as a
//! persona (RLS applies), reduced to their shape — node types, relations,
//! index names, join types and order — with costs, row estimates and timings
//! left out, so a lost index or a new sequential scan shows up in review while
//! statistics noise does not.

use crate::access::{become_persona, Persona};
use anyhow::{Context, Result};
use serde_json::Value;
use sqlx::{Executor, PgConnection};
use std::fmt::Write as _;

/// Makes the current transaction run as `persona` (role and JWT claims).
pub async fn act_as(conn: &mut PgConnection, persona: &Persona) -> Result<()> {
    for statement in become_persona(persona) {
        conn.execute(statement.as_str()).await?;
    }
    Ok(())
}

/// `EXPLAIN (FORMAT JSON[, ANALYZE])` of `SELECT * FROM public.<view>` as
/// `persona`, in a transaction that is rolled back. Returns the top plan node.
pub async fn explain_view(conn: &mut PgConnection, persona: &Persona, view: &str, analyze: bool) -> Result<Value> {
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    act_as(&mut tx, persona).await?;
    let options = if analyze { "FORMAT JSON, ANALYZE, TIMING OFF" } else { "FORMAT JSON" };
    let sql = format!("EXPLAIN ({options}) SELECT * FROM public.{}", schema_engine::sql::quote::ident(view));
    let explained: Value = sqlx::query_scalar(&sql).fetch_one(&mut *tx).await.with_context(|| format!("EXPLAIN of view {view}"))?;
    tx.rollback().await?;
    Ok(explained[0].clone())
}

/// `EXPLAIN (FORMAT JSON)` of any query as the connection's own role (the table
/// owner), in a transaction that is rolled back: how a cached view's refresh,
/// which runs as the owner, computes its rows. Returns the top plan node.
pub async fn explain_as_owner(conn: &mut PgConnection, query: &str) -> Result<Value> {
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let sql = format!("EXPLAIN (FORMAT JSON) {}", query.trim().trim_end_matches(';'));
    let explained: Value = sqlx::query_scalar(&sql).fetch_one(&mut *tx).await.context("EXPLAIN of a query")?;
    tx.rollback().await?;
    Ok(explained[0].clone())
}

/// The plan's shape as an indented tree, one node per line.
pub fn shape(explained: &Value) -> String {
    let mut out = String::new();
    write_node(&mut out, &explained["Plan"], 0);
    out
}

fn write_node(out: &mut String, node: &Value, depth: usize) {
    let text = |key: &str| node.get(key).and_then(Value::as_str);
    let mut line = text("Node Type").unwrap_or("?").to_owned();
    for (key, prefix) in [
        ("Strategy", " "),
        ("Join Type", " "),
        ("Scan Direction", " "),
        ("Relation Name", " on "),
        ("Index Name", " using "),
        ("Subplan Name", " "),
        ("Parent Relationship", " as "),
    ] {
        if let Some(value) = text(key).filter(|v| *v != "Forward") {
            let _ = write!(line, "{prefix}{value}");
        }
    }
    let _ = writeln!(out, "{}{line}", "  ".repeat(depth));
    for child in node.get("Plans").and_then(Value::as_array).into_iter().flatten() {
        write_node(out, child, depth + 1);
    }
}

/// The top node's type, e.g. `Aggregate` or `Index Scan`.
pub fn top_node(explained: &Value) -> String {
    explained["Plan"]["Node Type"].as_str().unwrap_or("?").to_owned()
}

/// Every index the plan uses, in plan order, without repeats.
pub fn indexes_used(explained: &Value) -> Vec<String> {
    let mut found = Vec::new();
    collect_indexes(&explained["Plan"], &mut found);
    found
}

fn collect_indexes(node: &Value, found: &mut Vec<String>) {
    if let Some(index) = node.get("Index Name").and_then(Value::as_str) {
        if !found.iter().any(|f| f == index) {
            found.push(index.to_owned());
        }
    }
    for child in node.get("Plans").and_then(Value::as_array).into_iter().flatten() {
        collect_indexes(child, found);
    }
}

/// Sequential scans in the plan, by relation.
pub fn sequential_scans(explained: &Value) -> Vec<String> {
    let mut found = Vec::new();
    collect_seq_scans(&explained["Plan"], &mut found);
    found
}

fn collect_seq_scans(node: &Value, found: &mut Vec<String>) {
    if node["Node Type"] == "Seq Scan" {
        if let Some(relation) = node["Relation Name"].as_str() {
            found.push(relation.to_owned());
        }
    }
    for child in node.get("Plans").and_then(Value::as_array).into_iter().flatten() {
        collect_seq_scans(child, found);
    }
}

/// `Execution Time` of an EXPLAIN ANALYZE, in milliseconds.
pub fn execution_ms(explained: &Value) -> f64 {
    explained["Execution Time"].as_f64().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shape_keeps_structure_and_drops_numbers() {
        let plan = json!({"Plan": {"Node Type": "Aggregate", "Strategy": "Plain", "Total Cost": 12.5, "Plans": [
            {"Node Type": "Index Scan", "Relation Name": "t", "Index Name": "idx_t", "Scan Direction": "Backward", "Parent Relationship": "Outer", "Plan Rows": 3}
        ]}});
        assert_eq!(shape(&plan), "Aggregate Plain\n  Index Scan Backward on t using idx_t as Outer\n");
        assert_eq!(indexes_used(&plan), vec!["idx_t"]);
        assert_eq!(top_node(&plan), "Aggregate");
    }
}
