//! The RLS and grant matrix, run for real: every table × anon, a non-operator
//! user, an operator and service_role × SELECT/INSERT/UPDATE/DELETE, and every
//! view × the same personas × SELECT, each statement executed under
//! `SET LOCAL ROLE` with matching JWT claims.
//!
//! Two things are asserted: the server does what the declarations imply, and
//! the declarations implement the security model (anon nothing; non-operators
//! read nothing; operators read everything and write nothing; service_role all).
//! Views are judged by their output (see `schema_tests::access::ViewResult`),
//! and no API role may hold a write privilege on any view.

use anyhow::{Context, Result};
use schema_engine::model::{Column, Policy, QualifiedName, Schema, Table, View};
use schema_engine::sql::quote::{ident, qualified};
use schema_tests::access::{
    become_persona,
    expected_outcome, expected_view_outcome, table_select, view_security_violations, Operation, Outcome, Persona,
    ViewOutcome, ViewResult,
};
use schema_tests::fixtures::{insert_row, value_for};
use schema_tests::migrations;
use schema_tests::pg::TestDatabase;
use sqlx::{Executor, PgConnection, PgPool};

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

/// Runs `statement` as `persona` in a transaction that is rolled back.
async fn run_as(pool: &PgPool, persona: Persona, operation: Operation, statement: &str) -> Result<Outcome> {
    let mut tx = pool.begin().await?;
    for setup in become_persona(persona) {
        tx.execute(setup.as_str()).await?;
    }
    let outcome = match operation {
        Operation::Select => match sqlx::query_scalar::<_, i64>(statement).fetch_one(&mut *tx).await {
            Ok(0) => Outcome::NoRows,
            Ok(_) => Outcome::Allowed,
            Err(error) => denied(error)?,
        },
        _ => match sqlx::query(statement).execute(&mut *tx).await {
            Ok(done) if done.rows_affected() == 0 => Outcome::NoRows,
            Ok(_) => Outcome::Allowed,
            Err(error) => denied(error)?,
        },
    };
    tx.rollback().await?;
    Ok(outcome)
}

/// A refusal is an outcome; any other error is a broken test.
fn denied(error: sqlx::Error) -> Result<Outcome> {
    let code = error.as_database_error().and_then(|e| e.code()).map(|c| c.into_owned());
    match code.as_deref() {
        // insufficient_privilege; 42501 is also what an RLS WITH CHECK violation raises.
        Some("42501") => Ok(Outcome::Denied),
        _ => Err(anyhow::Error::new(error).context("statement failed for a reason other than access control")),
    }
}

fn statement(table: &Table, operation: Operation) -> String {
    let name = qualified(&table.name);
    let some_column = ident(&table.columns[1].name);
    match operation {
        Operation::Select => format!("SELECT count(*) FROM {name}"),
        Operation::Insert => insert_row(table, 2),
        Operation::Update => format!("UPDATE {name} SET {some_column} = {some_column}"),
        Operation::Delete => format!("DELETE FROM {name}"),
    }
}

/// Whether a policy's expression holds for `persona` on the test row, asked of
/// the server as the table owner (who bypasses RLS) with the persona's claims.
async fn policy_passes(pool: &PgPool, table: &Table, policy: &Policy, persona: Persona, insert: bool) -> Result<bool> {
    let expression = if insert { policy.with_check.as_ref().or(policy.using.as_ref()) } else { policy.using.as_ref() };
    let Some(expression) = expression else { return Ok(true) };
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT set_config('request.jwt.claims', $1, true)")
        .bind(persona.claims().to_string())
        .execute(&mut *tx)
        .await?;
    let count: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {} WHERE ({expression})", qualified(&table.name)))
        .fetch_one(&mut *tx)
        .await
        .with_context(|| format!("evaluating policy {} on {}", policy.name, table.name))?;
    tx.rollback().await?;
    Ok(count > 0)
}

/// The names of `table`'s policies that pass for `persona` on the test row.
async fn passing_policies(pool: &PgPool, table: &Table, persona: Persona, insert: bool) -> Result<Vec<String>> {
    let mut passing = Vec::new();
    for policy in &table.policies {
        if policy_passes(pool, table, policy, persona, insert).await? {
            passing.push(policy.name.clone());
        }
    }
    Ok(passing)
}

/// The first column's width: the longest name.
fn name_width<'a>(names: impl Iterator<Item = &'a QualifiedName>) -> usize {
    names.map(|n| n.name.len()).max().unwrap_or(0).max(5)
}

fn matrix_header(first: &str, width: usize) -> String {
    format!("{first:<width$} anon  authenticated  operator  service_role\n")
}

fn matrix_row(name: &str, width: usize, cells: &[String]) -> String {
    let cell = |i: usize| cells.get(i).map_or("", String::as_str);
    format!("{name:<width$} {:<5} {:<14} {:<9} {}\n", cell(0), cell(1), cell(2), cell(3))
}

#[tokio::test]
async fn rls_and_grant_matrix_holds_for_every_table() -> Result<()> {
    let (schema, db) = database_with_rows("access matrix tables").await?;
    let pool = db.pool();

    let mut failures = Vec::new();
    let width = name_width(schema.tables.iter().map(|t| &t.name));
    let mut matrix = matrix_header("table", width);
    for table in &schema.tables {
        let mut cells = Vec::new();
        for persona in Persona::ALL {
            let mut cell = String::new();
            for operation in Operation::ALL {
                let actual = run_as(pool, persona, operation, &statement(table, operation))
                    .await
                    .with_context(|| format!("{persona} {operation:?} on {}", table.name))?;
                let passing = passing_policies(pool, table, persona, operation == Operation::Insert).await?;
                let expected = expected_outcome(table, persona, operation, |p: &Policy| passing.contains(&p.name));
                if actual != expected {
                    failures.push(format!("{}: {persona} {operation:?}: declarations imply {expected:?}, server did {actual:?}", table.name));
                }
                let required = match persona {
                    Persona::ServiceRole => Outcome::Allowed == actual,
                    Persona::Operator if operation == Operation::Select => Outcome::Allowed == actual,
                    _ => actual != Outcome::Allowed,
                };
                if !required {
                    failures.push(format!("{}: {persona} {operation:?} gave {actual:?}, which breaks the security model", table.name));
                }
                cell.push(actual.symbol(operation));
            }
            cells.push(cell);
        }
        matrix.push_str(&matrix_row(&table.name.name, width, &cells));
    }
    println!("RLS/grant matrix (letter = allowed, 0 = no rows visible, - = denied):\n{matrix}");
    assert!(failures.is_empty(), "access matrix failures:\n{}\n\n{matrix}", failures.join("\n"));
    Ok(())
}

/// A view's rows as sorted JSON text, read after `setup` inside a savepoint
/// that is rolled back (undoing the setup); `None` when access is refused.
async fn view_output(conn: &mut PgConnection, setup: &[String], view: &View) -> Result<Option<Vec<String>>> {
    let select = format!("SELECT to_jsonb(v)::text FROM {} AS v", qualified(&view.name));
    conn.execute("SAVEPOINT view_output").await?;
    let mut rows = Ok(Vec::new());
    for statement in setup {
        if let Err(error) = conn.execute(statement.as_str()).await {
            rows = Err(error);
            break;
        }
    }
    if rows.is_ok() {
        rows = sqlx::query_scalar::<_, String>(&select).fetch_all(&mut *conn).await;
    }
    conn.execute("ROLLBACK TO SAVEPOINT view_output").await?;
    match rows {
        Ok(mut rows) => {
            rows.sort();
            Ok(Some(rows))
        }
        Err(error) => denied(error).map(|_| None).with_context(|| format!("selecting from {}", view.name)),
    }
}

/// Each persona's result on `view` (in [`Persona::ALL`] order), and whether the
/// full and empty outputs are the same. One transaction holds every read, so
/// `now()` and `current_date` are the same for all of them.
async fn view_results(pool: &PgPool, view: &View, empty_every_table: &str) -> Result<(Vec<ViewResult>, bool)> {
    let mut tx = pool.begin().await?;
    let full = view_output(&mut tx, &become_persona(Persona::ServiceRole), view).await?;
    let empty = view_output(&mut tx, &[empty_every_table.to_owned()], view)
        .await?
        .with_context(|| format!("the owner was refused {}", view.name))?;
    let mut results = Vec::new();
    for persona in Persona::ALL {
        results.push(match view_output(&mut tx, &become_persona(persona), view).await? {
            None => ViewResult::Denied,
            Some(rows) => ViewResult::Rows { full: full.as_ref() == Some(&rows), empty: rows == empty },
        });
    }
    tx.rollback().await?;
    Ok((results, full.as_ref() == Some(&empty)))
}

/// Whether `view` exists in the database: a missing one is one failure among
/// the others, not the end of the run.
async fn exists(pool: &PgPool, view: &View) -> Result<bool> {
    Ok(sqlx::query_scalar::<_, bool>("SELECT to_regclass($1) IS NOT NULL")
        .bind(qualified(&view.name))
        .fetch_one(pool)
        .await?)
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
    let pool = db.pool();
    for table in &schema.tables {
        pool.execute(recent_row(table, 3).as_str()).await.with_context(|| format!("recent row for {}", table.name))?;
    }

    // What a plain SELECT on each table gives each persona, by the declarations.
    let mut selects: Vec<(QualifiedName, Persona, Outcome)> = Vec::new();
    for table in &schema.tables {
        for persona in Persona::ALL {
            let passing = passing_policies(pool, table, persona, false).await?;
            selects.push((table.name.clone(), persona, table_select(table, persona, |p| passing.iter().any(|n| n == p))));
        }
    }
    let select = |table: &Table, persona: Persona| {
        selects.iter().find(|(t, p, _)| *t == table.name && *p == persona).map_or(Outcome::Denied, |s| s.2)
    };
    let tables: Vec<String> = schema.tables.iter().map(|t| qualified(&t.name)).collect();
    let empty_every_table = format!("TRUNCATE {}", tables.join(", "));

    let mut failures = Vec::new();
    let mut same_output = Vec::new();
    let width = name_width(schema.views.iter().map(|v| &v.name));
    let mut matrix = matrix_header("view", width);
    for view in &schema.views {
        failures.extend(view_security_violations(&schema, view, select));
        if !exists(pool, view).await? {
            failures.push(format!("{}: not in the migrated database (do the migrations lag the declarations?)", view.name));
            matrix.push_str(&matrix_row(&view.name.name, width, &["(missing)".to_owned()]));
            continue;
        }
        let (results, full_is_empty) = view_results(pool, view, &empty_every_table).await?;
        if full_is_empty {
            same_output.push(view.name.name.clone());
        }
        for (persona, result) in Persona::ALL.into_iter().zip(&results) {
            let expected = expected_view_outcome(&schema, view, persona, |t| select(t, persona));
            if !expected.allows(*result) {
                failures.push(format!("{}: {persona} SELECT: declarations imply {expected:?}, server gave {result:?}", view.name));
            }
            let required = ViewOutcome::required(persona);
            if !required.allows(*result) {
                failures.push(format!("{}: {persona} SELECT gave {result:?}, the security model requires {required:?}", view.name));
            }
        }
        let cells: Vec<String> = results.iter().map(|r| r.symbol().to_string()).collect();
        matrix.push_str(&matrix_row(&view.name.name, width, &cells));
    }
    println!(
        "View SELECT matrix (S = equals the full output, 0 = equals the empty output, \
         = = both (full and empty are the same), ~ = neither, - = denied):\n{matrix}"
    );
    if !same_output.is_empty() {
        println!(
            "note: the fixture rows do not change the output of {} view(s), so full and empty cannot be told \
             apart there (operator and non-operator checks hold trivially): {}",
            same_output.len(),
            same_output.join(", ")
        );
    }
    assert!(failures.is_empty(), "view access failures:\n{}\n\n{matrix}", failures.join("\n"));
    Ok(())
}

#[tokio::test]
async fn no_api_role_can_write_to_a_view() -> Result<()> {
    let schema = schema_def::schema().map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let db = TestDatabase::create_with_baseline("access matrix view writes").await?;
    migrations::apply(db.pool()).await?;
    let mut failures = Vec::new();
    for view in &schema.views {
        if !exists(db.pool(), view).await? {
            failures.push(format!("{}: not in the migrated database, so not checked", view.name));
            continue;
        }
        // Simple views are auto-updatable, so a write grant would really write
        // through to the table underneath.
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT r.role, p.privilege \
             FROM unnest($1::text[]) AS r(role) \
             CROSS JOIN unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p(privilege) \
             WHERE has_table_privilege(r.role, $2::text::regclass, p.privilege) \
             ORDER BY 1, 2",
        )
        .bind(&schema_def::platform().api_roles)
        .bind(qualified(&view.name))
        .fetch_all(db.pool())
        .await
        .with_context(|| format!("privileges on {}", view.name))?;
        failures.extend(rows.into_iter().map(|(role, privilege)| format!("{}: {role} holds {privilege}", view.name)));
    }
    assert!(!schema.views.is_empty(), "no views declared: nothing was checked");
    assert!(failures.is_empty(), "API roles must hold no write privilege on a view:\n{}", failures.join("\n"));
    Ok(())
}
