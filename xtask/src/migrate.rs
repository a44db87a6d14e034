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
    let model = codegen::load_schema()?;
    match write_migration(&project_root(), &model, name, dry_run)? {
        Written::NoChange => println!("The declarations match {SNAPSHOT}: no change, no migration written."),
        Written::DryRun { migration } => println!("\n{migration}"),
        Written::Files { file_name } => {
            println!("\nwrote {MIGRATIONS_DIR}/{file_name}\nwrote {ROLLBACKS_DIR}/{file_name}\nupdated {SNAPSHOT}, schema.sql and DATA_DICTIONARY.md");
            println!("Review the migration, then commit it with the declarations.");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What [`write_migration`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    /// The model equals the snapshot: nothing to write.
    NoChange,
    /// `--dry-run`: the migration that would be written.
    DryRun { migration: String },
    /// The migration and its rollback, named `file_name`, were written, and the
    /// snapshot and the derived files updated.
    Files { file_name: String },
}

/// Plans the migration from `root`'s snapshot to `model` and writes it (with its
/// rollback) under `root`, then moves the snapshot and the derived files on.
pub fn write_migration(root: &Path, model: &Schema, name: &str, dry_run: bool) -> Result<Written> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        bail!("migration name `{name}` must be snake_case: lower-case letters, digits and underscores");
    }
    let (forward, backward) = plan_from_snapshot(root, model)?;
    if forward.is_empty() {
        return Ok(Written::NoChange);
    }
    println!("Planned steps:");
    for step in &forward.steps {
        println!("  {step}");
    }
    let version = next_version(&root.join(MIGRATIONS_DIR))?;
    let file_name = format!("{version}_{name}.sql");
    let title = format!("Migration {version}_{name}");
    let migration = migrate::render(&title, &forward);
    if dry_run {
        return Ok(Written::DryRun { migration });
    }
    let rollback = migrate::render(&format!("Rollback of {version}_{name}: apply by hand to undo it"), &backward);
    write_new(&root.join(MIGRATIONS_DIR).join(&file_name), &migration)?;
    write_new(&root.join(ROLLBACKS_DIR).join(&file_name), &rollback)?;
    std::fs::write(root.join(SNAPSHOT), snapshot_text(model)?)?;
    codegen::write_files(root, &codegen::derived_files(model))?;
    Ok(Written::Files { file_name })
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

#[cfg(test)]
mod tests {
    use super::*;
    use schema_engine::model::{Column, SqlType};

    /// A scratch project: a copy of the committed snapshot and migrations.
    fn scratch_root(label: &str) -> Result<PathBuf> {
        let root = std::env::temp_dir().join(format!("xtask-migrate-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for dir in [MIGRATIONS_DIR, ROLLBACKS_DIR] {
            std::fs::create_dir_all(root.join(dir))?;
            for entry in std::fs::read_dir(project_root().join(dir))? {
                let entry = entry?;
                std::fs::copy(entry.path(), root.join(dir).join(entry.file_name()))?;
            }
        }
        std::fs::copy(project_root().join(SNAPSHOT), root.join(SNAPSHOT))?;
        Ok(root)
    }

    #[test]
    fn writes_the_next_migration_once_and_never_rewrites_one() -> Result<()> {
        let root = scratch_root("write")?;
        let mut model = codegen::load_schema()?;
        assert_eq!(write_migration(&root, &model, "nothing", false)?, Written::NoChange, "the committed snapshot is current");
        model.tables[0].columns.push(Column {
            name: "notes".into(),
            data_type: SqlType::new("text"),
            nullable: true,
            default: None,
            comment: "Free-form notes".into(),
        });
        assert!(write_migration(&root, &model, "Bad-Name", false).is_err(), "names are snake_case");
        let Written::DryRun { migration } = write_migration(&root, &model, "add_notes", true)? else { panic!("dry run") };
        assert!(migration.contains("ADD COLUMN notes text;"), "{migration}");
        let latest_before = existing_versions(&root.join(MIGRATIONS_DIR))?.into_iter().max().unwrap_or(0);

        let Written::Files { file_name } = write_migration(&root, &model, "add_notes", false)? else { panic!("written") };
        let version: u64 = file_name.split('_').next().unwrap_or_default().parse()?;
        assert!(version > latest_before, "versions only grow: {version} after {latest_before}");
        let written = std::fs::read_to_string(root.join(MIGRATIONS_DIR).join(&file_name))?;
        // The dry run showed what is written (the title names the version, taken when written).
        let body = |text: &str| text.lines().filter(|l| !l.starts_with("-- Migration ")).collect::<Vec<_>>().join("\n");
        assert_eq!(body(&written), body(&migration));
        let rollback = std::fs::read_to_string(root.join(ROLLBACKS_DIR).join(&file_name))?;
        assert!(rollback.contains("DROP COLUMN notes;"), "{rollback}");
        assert_eq!(read_snapshot(&root)?, model, "the snapshot moved on to the model");
        assert!(std::fs::read_to_string(root.join("generated/schema.sql"))?.contains("notes text"));
        assert_eq!(write_migration(&root, &model, "add_notes", false)?, Written::NoChange, "nothing left to migrate");

        // An existing file is never overwritten.
        let existing = root.join(MIGRATIONS_DIR).join(&file_name);
        let error = write_new(&existing, "-- replaced").expect_err("refused");
        assert!(error.to_string().contains("already exists; migrations are never rewritten"), "{error}");
        assert_eq!(std::fs::read_to_string(&existing)?, written);
        std::fs::remove_dir_all(&root)?;
        Ok(())
    }
}
