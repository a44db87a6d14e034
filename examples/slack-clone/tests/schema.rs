//! The Slack clone on a real PostgreSQL with a Supabase-like baseline: its
//! migrations build exactly its declarations, and its access matrix holds.

use schema_testkit::access::{matrix, Operation, Outcome, Persona};
use schema_testkit::{catalog, migrations, pg::TestDatabase};
use serde_json::json;
use sqlx::Executor;

#[test]
fn generated_files_are_fresh() {
    schema_cli::generated::assert_fresh(&slack_clone::project());
}

async fn migrated(label: &str) -> anyhow::Result<TestDatabase> {
    let db = TestDatabase::create_with_baseline(label).await?;
    migrations::apply(db.pool(), &slack_clone::project()).await?;
    Ok(db)
}

#[tokio::test]
async fn the_migrations_build_the_declared_catalog() -> anyhow::Result<()> {
    let db = migrated("slack clone catalog").await?;
    let (_, _, changes) = catalog::drift(&db, &catalog::declared(&slack_clone::project())?).await?;
    assert!(changes.is_empty(), "drift after the migrations:\n{}", catalog::listing(&changes));
    Ok(())
}

/// Signed-in users as Supabase Auth's hook makes their tokens: Cat without a
/// role, Bob a moderator; and Supabase Auth itself.
fn personas() -> Vec<Persona> {
    let user = |name: &str, sub: &str, role: serde_json::Value| Persona {
        name: name.into(),
        role: "authenticated".into(),
        claims: json!({ "role": "authenticated", "sub": sub, "user_role": role }),
        bypasses_rls: false,
    };
    let auth = Persona { name: "auth_admin".into(), role: "supabase_auth_admin".into(), claims: json!({}), bypasses_rls: false };
    vec![
        Persona::anon(),
        user("member", "00000000-0000-0000-0000-000000000ca7", json!(null)),
        user("moderator", "00000000-0000-0000-0000-000000000b0b", json!("moderator")),
        auth,
        Persona::service_role(),
    ]
}

#[tokio::test]
async fn the_access_matrix_holds_for_each_persona() -> anyhow::Result<()> {
    let db = migrated("slack clone access").await?;
    db.pool().execute(include_str!("rows.sql")).await?;
    let project = slack_clone::project();
    let schema = project.model().map_err(|e| anyhow::anyhow!("{e:?}"))?.schema;
    let run = matrix::tables(&db, &schema, &personas()).await?;
    let mut failures = run.mismatches();
    // The model's own rules: anon changes and sees nothing; only Auth and
    // service_role reach user_roles; a moderator may delete others' messages.
    for cell in &run.cells {
        let table = cell.table.name.as_str();
        let broken = match (cell.persona.as_str(), table, cell.operation) {
            ("anon", _, _) => cell.actual == Outcome::Allowed,
            ("member" | "moderator", "user_roles", _) => cell.actual != Outcome::Denied,
            ("moderator", "messages", Operation::Delete) => cell.actual != Outcome::Allowed,
            _ => false,
        };
        if broken {
            failures.push(format!("{table}: {} {:?} gave {:?}", cell.persona, cell.operation, cell.actual));
        }
    }
    println!("{}", run.text);
    assert!(failures.is_empty(), "{}\n\n{}", failures.join("\n"), run.text);
    Ok(())
}
