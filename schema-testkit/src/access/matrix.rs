//! The matrix run for real: every table × persona × SELECT/INSERT/UPDATE/DELETE
//! and every view × persona × SELECT, each statement executed under
//! `SET LOCAL ROLE` with the persona's JWT claims in a transaction that is
//! rolled back, beside what the declarations imply. A project's test checks
//! the cells against its own security model.

use super::{become_persona, expected_outcome, expected_view_outcome, table_select, Operation, Outcome, Persona, ViewOutcome, ViewResult};
use crate::fixtures::{candidate_row, insert_row};
use crate::pg::TestDatabase;
use anyhow::{Context, Result};
use schema_engine::model::{Policy, QualifiedName, Schema, Table, View};
use schema_engine::sql::quote::{ident, qualified};
use sqlx::{Executor, PgConnection, PgPool};

/// Which generated row the matrix inserts ([`insert_row`]).
const INSERTED_ROW: i64 = 2;

/// One table cell: what the server did, and what the declarations imply.
#[derive(Debug, Clone)]
pub struct TableCell {
    pub table: QualifiedName,
    pub persona: String,
    pub operation: Operation,
    pub actual: Outcome,
    pub expected: Outcome,
}

/// One view cell.
#[derive(Debug, Clone)]
pub struct ViewCell {
    pub view: QualifiedName,
    pub persona: String,
    pub actual: ViewResult,
    pub expected: ViewOutcome,
}

/// A run of the matrix: its cells and the printed table.
#[derive(Debug, Clone)]
pub struct Matrix<Cell> {
    pub cells: Vec<Cell>,
    pub text: String,
    /// Views whose output the fixture rows do not change (their full and
    /// empty outputs are the same, so they cannot tell personas apart).
    pub same_output: Vec<String>,
}

impl Matrix<TableCell> {
    /// Cells where the server did something other than the declarations imply.
    pub fn mismatches(&self) -> Vec<String> {
        self.cells
            .iter()
            .filter(|c| c.actual != c.expected)
            .map(|c| format!("{}: {} {:?}: declarations imply {:?}, server did {:?}", c.table, c.persona, c.operation, c.expected, c.actual))
            .collect()
    }
}

impl Matrix<ViewCell> {
    pub fn mismatches(&self) -> Vec<String> {
        self.cells
            .iter()
            .filter(|c| !c.expected.allows(c.actual))
            .map(|c| format!("{}: {} SELECT: declarations imply {:?}, server gave {:?}", c.view, c.persona, c.expected, c.actual))
            .collect()
    }
}

/// Runs `statement` as `persona` in a transaction that is rolled back.
pub async fn run_as(pool: &PgPool, persona: &Persona, operation: Operation, statement: &str) -> Result<Outcome> {
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
        // An integrity violation (a generated row's foreign key, a duplicate)
        // comes after the privilege and row level security checks, which
        // PostgreSQL makes first so that a constraint's message cannot leak
        // rows: access control let the statement through.
        Some(code) if code.starts_with("23") => Ok(Outcome::Allowed),
        _ => Err(anyhow::Error::new(error).context("statement failed for a reason other than access control")),
    }
}

/// The statement the matrix runs for `operation` on `table`.
fn statement(table: &Table, operation: Operation) -> String {
    let name = qualified(&table.name);
    let some_column = ident(&table.columns[table.columns.len().min(2) - 1].name);
    match operation {
        Operation::Select => format!("SELECT count(*) FROM {name}"),
        Operation::Insert => insert_row(table, INSERTED_ROW),
        Operation::Update => format!("UPDATE {name} SET {some_column} = {some_column}"),
        Operation::Delete => format!("DELETE FROM {name}"),
    }
}

/// Whether a policy's expression holds for `persona`, asked of the server as
/// the table owner (who bypasses RLS) with the persona's claims: USING on
/// some row of the table, WITH CHECK on the row the matrix inserts.
async fn policy_passes(pool: &PgPool, table: &Table, policy: &Policy, persona: &Persona, insert: bool) -> Result<bool> {
    let expression = if insert { policy.with_check.as_ref().or(policy.using.as_ref()) } else { policy.using.as_ref() };
    let Some(expression) = expression else { return Ok(true) };
    let rows = if insert {
        format!("({}) AS {}", candidate_row(table, INSERTED_ROW), ident(&table.name.name))
    } else {
        qualified(&table.name)
    };
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT set_config('request.jwt.claims', $1, true)").bind(persona.claims().to_string()).execute(&mut *tx).await?;
    let count: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {rows} WHERE ({expression})"))
        .fetch_one(&mut *tx)
        .await
        .with_context(|| format!("evaluating policy {} on {}", policy.name, table.name))?;
    tx.rollback().await?;
    Ok(count > 0)
}

/// The names of `table`'s policies that pass for `persona` on its rows.
pub async fn passing_policies(pool: &PgPool, table: &Table, persona: &Persona, insert: bool) -> Result<Vec<String>> {
    let mut passing = Vec::new();
    for policy in &table.policies {
        if policy_passes(pool, table, policy, persona, insert).await? {
            passing.push(policy.name.clone());
        }
    }
    Ok(passing)
}

fn header(first: &str, width: usize, personas: &[Persona]) -> String {
    let mut line = format!("{first:<width$}");
    for persona in personas {
        line.push_str(&format!(" {:<w$}", persona.name, w = persona.name.len().max(4)));
    }
    line + "\n"
}

fn row(name: &str, width: usize, personas: &[Persona], cells: &[String]) -> String {
    let mut line = format!("{name:<width$}");
    for (persona, cell) in personas.iter().zip(cells) {
        line.push_str(&format!(" {cell:<w$}", w = persona.name.len().max(4)));
    }
    line.trim_end().to_owned() + "\n"
}

fn width<'a>(names: impl Iterator<Item = &'a QualifiedName>) -> usize {
    names.map(|n| n.name.len()).max().unwrap_or(0).max(5)
}

/// Every table × persona × operation on `db`, which must already hold rows
/// (the policies are judged on them).
pub async fn tables(db: &TestDatabase, schema: &Schema, personas: &[Persona]) -> Result<Matrix<TableCell>> {
    let pool = db.pool();
    let width = width(schema.tables.iter().map(|t| &t.name));
    let mut text = header("table", width, personas);
    let mut cells = Vec::new();
    for table in &schema.tables {
        let mut row_cells = Vec::new();
        for persona in personas {
            let mut cell = String::new();
            for operation in Operation::ALL {
                let actual = run_as(pool, persona, operation, &statement(table, operation))
                    .await
                    .with_context(|| format!("{persona} {operation:?} on {}", table.name))?;
                let passing = passing_policies(pool, table, persona, operation == Operation::Insert).await?;
                let expected = expected_outcome(table, persona, operation, |p: &Policy| passing.contains(&p.name));
                cell.push(actual.symbol(operation));
                cells.push(TableCell { table: table.name.clone(), persona: persona.name.clone(), operation, actual, expected });
            }
            row_cells.push(cell);
        }
        text.push_str(&row(&table.name.name, width, personas, &row_cells));
    }
    Ok(Matrix { cells, text, same_output: Vec::new() })
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

/// Every view × persona on `db` (which must hold rows), judged by its output
/// against the full output (as `service_role`) and the empty one (as the owner
/// after emptying every table), all read in one transaction so `now()` is the
/// same for all of them. A view missing from the database is an error.
pub async fn views(db: &TestDatabase, schema: &Schema, personas: &[Persona]) -> Result<Matrix<ViewCell>> {
    let pool = db.pool();
    let mut selects: Vec<(QualifiedName, String, Outcome)> = Vec::new();
    for table in &schema.tables {
        for persona in personas {
            let passing = passing_policies(pool, table, persona, false).await?;
            selects.push((table.name.clone(), persona.name.clone(), table_select(table, persona, |p| passing.iter().any(|n| n == p))));
        }
    }
    let select = |table: &Table, persona: &Persona| {
        selects.iter().find(|(t, p, _)| *t == table.name && *p == persona.name).map_or(Outcome::Denied, |s| s.2)
    };
    let tables: Vec<String> = schema.tables.iter().map(|t| qualified(&t.name)).collect();
    let empty_every_table = format!("TRUNCATE {} CASCADE", tables.join(", "));
    let width = width(schema.views.iter().map(|v| &v.name));
    let mut text = header("view", width, personas);
    let (mut cells, mut same_output) = (Vec::new(), Vec::new());
    for view in &schema.views {
        let exists: bool = sqlx::query_scalar("SELECT to_regclass($1) IS NOT NULL").bind(qualified(&view.name)).fetch_one(pool).await?;
        anyhow::ensure!(exists, "{}: not in the migrated database (do the migrations lag the declarations?)", view.name);
        let mut tx = pool.begin().await?;
        let full = view_output(&mut tx, &become_persona(&Persona::service_role()), view).await?;
        let empty = view_output(&mut tx, std::slice::from_ref(&empty_every_table), view)
            .await?
            .with_context(|| format!("the owner was refused {}", view.name))?;
        if full.as_ref() == Some(&empty) {
            same_output.push(view.name.name.clone());
        }
        let mut row_cells = Vec::new();
        for persona in personas {
            let actual = match view_output(&mut tx, &become_persona(persona), view).await? {
                None => ViewResult::Denied,
                Some(rows) => ViewResult::Rows { full: full.as_ref() == Some(&rows), empty: rows == empty },
            };
            let expected = expected_view_outcome(schema, view, persona, |t| select(t, persona));
            row_cells.push(actual.symbol().to_string());
            cells.push(ViewCell { view: view.name.clone(), persona: persona.name.clone(), actual, expected });
        }
        tx.rollback().await?;
        text.push_str(&row(&view.name.name, width, personas, &row_cells));
    }
    Ok(Matrix { cells, text, same_output })
}

/// API roles holding a write privilege on a view: simple views are
/// auto-updatable, so a write grant would write through to the table.
pub async fn view_write_privileges(db: &TestDatabase, schema: &Schema, api_roles: &[String]) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for view in &schema.views {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT r.role, p.privilege \
             FROM unnest($1::text[]) AS r(role) \
             CROSS JOIN unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p(privilege) \
             WHERE has_table_privilege(r.role, $2::text::regclass, p.privilege) \
             ORDER BY 1, 2",
        )
        .bind(api_roles)
        .bind(qualified(&view.name))
        .fetch_all(db.pool())
        .await
        .with_context(|| format!("privileges on {}", view.name))?;
        found.extend(rows.into_iter().map(|(role, privilege)| format!("{}: {role} holds {privilege}", view.name)));
    }
    Ok(found)
}
