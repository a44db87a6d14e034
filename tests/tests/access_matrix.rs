//! The RLS and grant matrix of the Hot Rod schema, run for real by the test
//! kit (`schema_testkit::access::matrix`): every table × anon, a non-operator
//! user, an operator and service_role × SELECT/INSERT/UPDATE/DELETE, and every
//! view × the same personas × SELECT.
//!
//! Two things are asserted: the server does what the declarations imply, and
//! the declarations implement the security model (anon nothing; non-operators
//! read nothing; operators read everything and write nothing; service_role all;
//! `schema_tests::personas`). Views are judged by their output (see
//! `schema_testkit::access::ViewResult`), and no API role may hold a write
//! privilege on any view.

use anyhow::{Context, Result};
use schema_engine::model::{Column, Schema, Table};
use schema_engine::sql::quote::{ident, qualified};
use schema_tests::access::{matrix, view_security_violations};
use schema_tests::fixtures::{insert_row, value_for};
use schema_tests::migrations;
use schema_tests::personas;
use schema_tests::pg::TestDatabase;
use sqlx::Executor;

/// The declared schema, and a migrated database with one generated row in
/// every table (loaded before anything runs, since views read several tables).
async fn database_with_rows(hint: &str) -> Result<(Schema, TestDatabase)> {
    let schema = schema_def::schema().map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let db = TestDatabase::create_with_baseline(hint).await?;
    migrations::apply(db.pool()).await?;
    for table in &schema.tables {
        db.pool().execute(insert_row(table, 1).as_str()).await.with_context(|| format!("fixture row for {}", table.name))?;
    }
    Ok((schema, db))
}

#[tokio::test]
async fn rls_and_grant_matrix_holds_for_every_table() -> Result<()> {
    let (schema, db) = database_with_rows("access matrix tables").await?;
    let personas = personas::all();
    let matrix = matrix::tables(&db, &schema, &personas).await?;
    let mut failures = matrix.mismatches();
    for cell in &matrix.cells {
        let persona = personas.iter().find(|p| p.name == cell.persona).expect("a persona of the run");
        if !personas::table_allows(persona, cell.operation, cell.actual) {
            failures.push(format!("{}: {} {:?} gave {:?}, which breaks the security model", cell.table, cell.persona, cell.operation, cell.actual));
        }
    }
    println!("RLS/grant matrix (letter = allowed, 0 = no rows visible, - = denied):\n{}", matrix.text);
    assert!(failures.is_empty(), "access matrix failures:\n{}\n\n{}", failures.join("\n"), matrix.text);
    Ok(())
}

/// Like [`insert_row`], but dated yesterday: the generic row's dates (early
/// 2025) fall outside the windows of "last 7/30 days" views, which would then
/// show the same with and without it.
fn recent_row(table: &Table, n: i64) -> String {
    let columns: Vec<&Column> = table.columns.iter().filter(|c| !c.nullable && c.default.is_none()).collect();
    let names: Vec<String> = columns.iter().map(|c| ident(&c.name)).collect();
    let values: Vec<String> = columns
        .iter()
        .map(|c| match c.data_type.as_str() {
            "date" => "current_date - 1".to_owned(),
            "timestamp with time zone" => "now() - interval '1 day'".to_owned(),
            _ => value_for(table, c, n),
        })
        .collect();
    format!("INSERT INTO {} ({}) VALUES ({})", qualified(&table.name), names.join(", "), values.join(", "))
}

#[tokio::test]
async fn every_view_shows_each_persona_what_the_security_model_allows() -> Result<()> {
    let (schema, db) = database_with_rows("access matrix views").await?;
    for table in &schema.tables {
        db.pool().execute(recent_row(table, 3).as_str()).await.with_context(|| format!("recent row for {}", table.name))?;
    }
    let personas = personas::all();
    let matrix = matrix::views(&db, &schema, &personas).await?;
    let mut failures = matrix.mismatches();
    for cell in &matrix.cells {
        let persona = personas.iter().find(|p| p.name == cell.persona).expect("a persona of the run");
        let required = personas::required_view(persona);
        if !required.allows(cell.actual) {
            failures.push(format!("{}: {} SELECT gave {:?}, the security model requires {required:?}", cell.view, cell.persona, cell.actual));
        }
    }
    // The declarations themselves, judged without a server: each view's
    // implied outcome for each persona is the one the model requires.
    let implied = matrix::tables(&db, &schema, &personas).await?;
    let select = |table: &Table, persona: &schema_tests::access::Persona| {
        implied
            .cells
            .iter()
            .find(|c| c.table == table.name && c.persona == persona.name && c.operation == schema_tests::access::Operation::Select)
            .map_or(schema_tests::access::Outcome::Denied, |c| c.expected)
    };
    for view in &schema.views {
        failures.extend(view_security_violations(&schema, view, &personas, |p, _| personas::required_view(p), select));
    }
    println!(
        "View SELECT matrix (S = equals the full output, 0 = equals the empty output, \
         = = both (full and empty are the same), ~ = neither, - = denied):\n{}",
        matrix.text
    );
    if !matrix.same_output.is_empty() {
        println!(
            "note: the fixture rows do not change the output of {} view(s), so full and empty cannot be told \
             apart there (operator and non-operator checks hold trivially): {}",
            matrix.same_output.len(),
            matrix.same_output.join(", ")
        );
    }
    assert!(failures.is_empty(), "view access failures:\n{}\n\n{}", failures.join("\n"), matrix.text);
    Ok(())
}

#[tokio::test]
async fn no_api_role_can_write_to_a_view() -> Result<()> {
    let schema = schema_def::schema().map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let db = TestDatabase::create_with_baseline("access matrix view writes").await?;
    migrations::apply(db.pool()).await?;
    assert!(!schema.views.is_empty(), "no views declared: nothing was checked");
    let found = matrix::view_write_privileges(&db, &schema, &schema_def::platform().api_roles).await?;
    assert!(found.is_empty(), "API roles must hold no write privilege on a view:\n{}", found.join("\n"));
    Ok(())
}
