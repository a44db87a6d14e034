//! squawk, the migration linter, on the migrations the planner writes: every
//! committed migration written since the runner owns the transaction, and the
//! files planned for a representative set of day-two changes. They pass with
//! the project's `.squawk.toml`, which turns off `prefer-bigint-over-int` only.
//! The few statements that cannot satisfy a rule name it in a
//! `-- squawk-ignore` line right above them, with the reason in the file.

use anyhow::{ensure, Result};
use schema_engine::catalog::Catalog;
use schema_engine::model::*;
use schema_engine::plan::{self, MigrationHints};
use schema_tests::catalog::declared;
use schema_tests::runners::{migration_files, squawk, tool_missing};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Representative day-two changes, each planned from the declarations.
fn changes(declared: &Catalog) -> Vec<(&'static str, Catalog)> {
    let table = |c: &mut Catalog, name: &str| c.tables.iter().position(|t| t.name.name == name).expect("declared");
    let mut all = Vec::new();
    let mut c = declared.clone();
    let t = table(&mut c, "inventory_snapshots");
    c.tables[t].indexes.push(Index { name: "idx_lint_status".into(), columns: vec![IndexColumn::new("stock_status", false)], ..Index::default() });
    all.push(("new index", c));
    let mut c = declared.clone();
    let t = table(&mut c, "fulfillment_tracking");
    c.tables[t].indexes.iter_mut().find(|i| i.name == "idx_fulfillment_status").expect("declared").include.push("order_number".into());
    all.push(("changed index", c));
    let mut c = declared.clone();
    let t = table(&mut c, "cx_conversations");
    c.tables[t].indexes.retain(|i| i.name != "idx_cx_conversations_status");
    all.push(("dropped index", c));
    let mut c = declared.clone();
    let t = table(&mut c, "audit_log");
    c.tables[t].columns.push(Column { name: "reviewed".into(), data_type: SqlType::new("boolean"), default: Some("false".into()), comment: "Reviewed".into(), ..Column::default() });
    all.push(("new column with a default", c));
    let mut c = declared.clone();
    let t = table(&mut c, "sales_metrics_daily");
    c.tables[t].constraints.push(Constraint::new("sales_metrics_daily_lint_check", ConstraintKind::Check { expression: "orders_fulfilled <= total_orders".into() }));
    all.push(("new CHECK", c));
    let mut c = declared.clone();
    let t = table(&mut c, "customer_segments");
    c.tables[t].columns.iter_mut().find(|c| c.name == "avg_order_value").expect("declared").nullable = false;
    all.push(("SET NOT NULL", c));
    let mut c = declared.clone();
    let view = c.views.iter_mut().find(|v| v.name.name == "v_growth_rates").expect("declared");
    view.definition = format!("SELECT * FROM ({}) AS lint", view.definition);
    all.push(("replaced view", c));
    let mut c = declared.clone();
    let t = table(&mut c, "audit_log");
    let policy = c.tables[t].policies.iter_mut().find(|p| p.name == "audit_log_operators_read").expect("declared");
    policy.using = Some(format!("{} AND true", policy.using.clone().unwrap_or_default()));
    all.push(("changed policy", c));
    all
}

#[test]
fn the_planned_migrations_pass_squawk() -> Result<()> {
    let Some(squawk) = squawk() else {
        return tool_missing("squawk (pip install squawk-cli, or set SQUAWK)");
    };
    let declared = declared()?;
    let dir = std::env::temp_dir().join(format!("migration-lint-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(root().join("generated/migrations"))? {
        let path = entry?.path();
        // Migrations written before the runner owned the transaction carry their own BEGIN.
        if !std::fs::read_to_string(&path)?.contains("\nBEGIN;\n") {
            files.push(path);
        }
    }
    for (label, changed) in changes(&declared) {
        let (forward, _) = plan::plan(&declared, &changed, &MigrationHints::default()).map_err(|e| anyhow::anyhow!("{label}: {e:?}"))?;
        for (at, (_, sql)) in migration_files(&forward, label, &changed).into_iter().enumerate() {
            let path = dir.join(format!("{}_{at}.sql", label.replace(' ', "_")));
            std::fs::write(&path, sql)?;
            files.push(path);
        }
    }
    let output = Command::new(&squawk).arg("--config").arg(root().join(".squawk.toml")).args(&files).output()?;
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    ensure!(output.status.success(), "squawk found problems in {} file(s):\n{report}", files.len());
    println!("squawk: {} file(s) pass", files.len());
    Ok(())
}
