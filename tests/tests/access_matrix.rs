//! The RLS and grant matrix, run for real: every table × anon, a non-operator
//! user, an operator and service_role × SELECT/INSERT/UPDATE/DELETE, each
//! statement executed under `SET LOCAL ROLE` with matching JWT claims.
//!
//! Two things are asserted: the server does what the declarations imply, and
//! the declarations implement the security model (anon nothing; non-operators
//! read nothing; operators read everything and write nothing; service_role all).

use anyhow::{Context, Result};
use schema_engine::model::{Policy, Table};
use schema_engine::sql::quote::{ident, qualified};
use schema_tests::access::{expected_outcome, Operation, Outcome, Persona};
use schema_tests::fixtures::insert_row;
use schema_tests::migrations;
use schema_tests::pg::TestDatabase;
use sqlx::{Executor, PgPool};

/// Runs `statement` as `persona` in a transaction that is rolled back.
async fn run_as(pool: &PgPool, persona: Persona, operation: Operation, statement: &str) -> Result<Outcome> {
    let mut tx = pool.begin().await?;
    tx.execute(format!("SET LOCAL ROLE {}", ident(persona.role())).as_str()).await?;
    sqlx::query("SELECT set_config('request.jwt.claims', $1, true)")
        .bind(persona.claims().to_string())
        .execute(&mut *tx)
        .await?;
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

#[tokio::test]
async fn rls_and_grant_matrix_holds_for_every_table() -> Result<()> {
    let schema = schema_def::schema().map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let db = TestDatabase::create_with_baseline("access matrix").await?;
    migrations::apply(db.pool()).await?;
    let pool = db.pool();

    let mut failures = Vec::new();
    let mut matrix = String::from("table                      anon  authenticated  operator  service_role\n");
    for table in &schema.tables {
        pool.execute(insert_row(table, 1).as_str()).await.with_context(|| format!("fixture row for {}", table.name))?;
        let mut cells = Vec::new();
        for persona in Persona::ALL {
            let mut cell = String::new();
            for operation in Operation::ALL {
                let actual = run_as(pool, persona, operation, &statement(table, operation))
                    .await
                    .with_context(|| format!("{persona} {operation:?} on {}", table.name))?;
                let mut passes = Vec::new();
                for policy in &table.policies {
                    passes.push((policy.name.clone(), policy_passes(pool, table, policy, persona, operation == Operation::Insert).await?));
                }
                let expected = expected_outcome(table, persona, operation, |p: &Policy| {
                    passes.iter().any(|(name, ok)| *name == p.name && *ok)
                });
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
        matrix.push_str(&format!(
            "{:<26} {:<5} {:<14} {:<9} {}\n",
            table.name.name, cells[0], cells[1], cells[2], cells[3]
        ));
    }
    println!("RLS/grant matrix (letter = allowed, 0 = no rows visible, - = denied):\n{matrix}");
    assert!(failures.is_empty(), "access matrix failures:\n{}\n\n{matrix}", failures.join("\n"));
    Ok(())
}
