//! `cargo xtask migrate <name>`: the next migration, from the difference between
//! the declarations and `generated/schema.json` (the model as of the last
//! migration), with its rollback in `generated/rollbacks/`.
//!
//! Migrations already written are never rewritten: a new file gets a fresh
//! version, later than every existing one.

use crate::codegen::{self, project_root};
use anyhow::{bail, Context, Result};
use schema_engine::migrate::{self, Plan};
use schema_engine::model::Schema;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const MIGRATIONS_DIR: &str = "generated/migrations";
pub const ROLLBACKS_DIR: &str = "generated/rollbacks";
pub const SNAPSHOT: &str = "generated/schema.json";

/// The model as of the last migration.
pub fn read_snapshot(root: &Path) -> Result<Schema> {
    let path = root.join(SNAPSHOT);
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// The snapshot file's contents for `schema`.
pub fn snapshot_text(schema: &Schema) -> Result<String> {
    Ok(serde_json::to_string_pretty(schema)? + "\n")
}

/// Plans the migration from the snapshot to the declarations.
pub fn plan_from_snapshot(root: &Path, model: &Schema) -> Result<(Plan, Plan)> {
    let snapshot = read_snapshot(root)?;
    migrate::plan(&snapshot, model, &schema_def::migration_hints()).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| format!("  - {e}")).collect();
        anyhow::anyhow!("the migration cannot be planned ({} problem(s)):\n{}", errors.len(), lines.join("\n"))
    })
}

/// `cargo xtask migrate <name> [--dry-run]`.
pub fn run(name: &str, dry_run: bool) -> Result<ExitCode> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        bail!("migration name `{name}` must be snake_case: lower-case letters, digits and underscores");
    }
    let root = project_root();
    let model = codegen::load_schema()?;
    let (forward, backward) = plan_from_snapshot(&root, &model)?;
    if forward.is_empty() {
        println!("The declarations match {SNAPSHOT}: no change, no migration written.");
        return Ok(ExitCode::SUCCESS);
    }
    println!("Planned steps:");
    for step in &forward.steps {
        println!("  {step}");
    }
    let version = next_version(&root.join(MIGRATIONS_DIR))?;
    let file_name = format!("{version}_{name}.sql");
    let title = format!("Migration {version}_{name}");
    let migration = migrate::render(&title, &forward);
    let rollback = migrate::render(&format!("Rollback of {version}_{name}: apply by hand to undo it"), &backward);
    if dry_run {
        println!("\n{migration}");
        return Ok(ExitCode::SUCCESS);
    }
    write_new(&root.join(MIGRATIONS_DIR).join(&file_name), &migration)?;
    write_new(&root.join(ROLLBACKS_DIR).join(&file_name), &rollback)?;
    std::fs::write(root.join(SNAPSHOT), snapshot_text(&model)?)?;
    codegen::write_files(&root, &codegen::derived_files(&model))?;
    println!("\nwrote {MIGRATIONS_DIR}/{file_name}\nwrote {ROLLBACKS_DIR}/{file_name}\nupdated {SNAPSHOT}, schema.sql and DATA_DICTIONARY.md");
    println!("Review the migration, then commit it with the declarations.");
    Ok(ExitCode::SUCCESS)
}

/// A 14-digit UTC timestamp, later than every existing migration's version.
fn next_version(dir: &Path) -> Result<u64> {
    let now: u64 = chrono::Utc::now().format("%Y%m%d%H%M%S").to_string().parse()?;
    let latest = existing_versions(dir)?.into_iter().max().unwrap_or(0);
    Ok(now.max(latest + 1))
}

fn existing_versions(dir: &Path) -> Result<Vec<u64>> {
    let mut versions = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if let Some(version) = name.split('_').next().and_then(|v| v.parse().ok()) {
            versions.push(version);
        }
    }
    Ok(versions)
}

/// Writes a file that must not exist yet: written migrations are append-only.
fn write_new(path: &PathBuf, contents: &str) -> Result<()> {
    if path.exists() {
        bail!("{} already exists; migrations are never rewritten", path.display());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, contents).with_context(|| format!("writing {}", path.display()))
}
