//! `cargo xtask migrate <name>`: the next migration, from the changes between
//! `generated/schema.json` (the catalog as of the last migration) and the
//! declarations, with its rollback in `generated/rollbacks/`.
//!
//! One change may take several files, applied in order by any runner: the
//! transactional part, each online index build or drop on its own (outside a
//! transaction), and what waits for them (validations, SET NOT NULL). Files
//! already written are never rewritten: new ones get fresh versions, later
//! than every existing one.

use crate::codegen::{self, project_root, Model, MIGRATIONS_DIR, MIGRATION_HEADER, ROLLBACKS_DIR, SNAPSHOT};
use anyhow::{bail, Context, Result};
use schema_engine::catalog::Catalog;
use schema_engine::plan::{self, Plan, Stage};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Plans the migration from the snapshot to the declarations, and its rollback.
pub fn plan_from_snapshot(root: &Path, model: &Model) -> Result<(Plan, Plan)> {
    let snapshot = codegen::read_snapshot(root)?;
    plan::plan(&snapshot, &model.catalog, &schema_def::migration_hints()).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| format!("  - {e}")).collect();
        anyhow::anyhow!("the migration cannot be planned ({} problem(s)):\n{}", errors.len(), lines.join("\n"))
    })
}

/// The files of `plan` as `(file name, contents)`, numbered from `version`.
pub fn migration_files(plan: &Plan, version: u64, name: &str, catalog: &Catalog) -> Vec<(String, String)> {
    let files = plan.files();
    let count = files.len();
    files
        .iter()
        .enumerate()
        .map(|(at, file)| {
            let version = version + at as u64;
            let slug = file.slug();
            let stem = if slug.is_empty() { format!("{version}_{name}") } else { format!("{version}_{name}_{slug}") };
            let what = match file.stage {
                Stage::Main => "the transactional part",
                Stage::Online => "an online step, outside a transaction",
                Stage::Finish => "what waits for the online steps",
            };
            let title = if count == 1 {
                format!("Migration {stem}")
            } else {
                format!("Migration {stem}: {} of {count} of `{name}`, {what}", at + 1)
            };
            (format!("{stem}.sql"), file.render(MIGRATION_HEADER, &title, &catalog.platform))
        })
        .collect()
}

/// `cargo xtask migrate <name> [--dry-run]`.
pub fn run(name: &str, dry_run: bool) -> Result<ExitCode> {
    let model = codegen::load_model()?;
    match write_migration(&project_root(), &model, name, dry_run)? {
        Written::NoChange => println!("The declarations match {SNAPSHOT}: no change, no migration written."),
        Written::DryRun { files } => {
            for (file_name, contents) in files {
                println!("\n==> {MIGRATIONS_DIR}/{file_name}\n{contents}");
            }
        }
        Written::Files { file_names } => {
            for file_name in &file_names {
                println!("wrote {MIGRATIONS_DIR}/{file_name}");
            }
            println!("wrote {ROLLBACKS_DIR}/{}\nupdated {SNAPSHOT}, schema.sql and DATA_DICTIONARY.md", file_names[0]);
            println!("Review the migrations, then commit them with the declarations.");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What [`write_migration`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    /// The declarations equal the snapshot: nothing to write.
    NoChange,
    /// `--dry-run`: the files that would be written.
    DryRun { files: Vec<(String, String)> },
    /// The migration files, in order, were written with the rollback of the
    /// whole change (named like the first), and the snapshot and the derived
    /// files moved on.
    Files { file_names: Vec<String> },
}

/// Plans the migration from `root`'s snapshot to `model` and writes it (with its
/// rollback) under `root`, then moves the snapshot and the derived files on.
pub fn write_migration(root: &Path, model: &Model, name: &str, dry_run: bool) -> Result<Written> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        bail!("migration name `{name}` must be snake_case: lower-case letters, digits and underscores");
    }
    let (forward, backward) = plan_from_snapshot(root, model)?;
    if forward.is_empty() {
        return Ok(Written::NoChange);
    }
    let version = next_version(&root.join(MIGRATIONS_DIR))?;
    let files = migration_files(&forward, version, name, &model.catalog);
    println!("Planned migrations, in the order they run:");
    for (file, (file_name, _)) in forward.files().iter().zip(&files) {
        let mode = if file.transactional { "in one transaction" } else { "outside a transaction" };
        println!("  {file_name} ({mode}):");
        for step in &file.steps {
            println!("    {step}");
        }
    }
    if dry_run {
        return Ok(Written::DryRun { files });
    }
    for (file_name, contents) in &files {
        write_new(&root.join(MIGRATIONS_DIR).join(file_name), contents)?;
    }
    let first = files[0].0.clone();
    let stem = first.trim_end_matches(".sql");
    let header = format!("{MIGRATION_HEADER}\n-- Rollback of {stem} and the migrations after it of the same change: apply by hand with\n-- `psql -v ON_ERROR_STOP=1 -f <file>` (no --single-transaction: each part has its own transaction).");
    write_new(&root.join(ROLLBACKS_DIR).join(&first), &plan::render_script(&backward, &header, &model.catalog.platform))?;
    std::fs::write(root.join(SNAPSHOT), codegen::snapshot_text(&model.catalog)?)?;
    codegen::write_files(root, &codegen::derived_files(model)?)?;
    Ok(Written::Files { file_names: files.into_iter().map(|(file_name, _)| file_name).collect() })
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
    fn writes_the_next_migrations_once_and_never_rewrites_one() -> Result<()> {
        let root = scratch_root("write")?;
        let mut model = codegen::load_model()?;
        assert_eq!(write_migration(&root, &model, "nothing", false)?, Written::NoChange, "the committed snapshot is current");
        // A new column and an index on it: a transactional part and an online build.
        let table = &mut model.catalog.tables[0];
        table.columns.push(Column { name: "notes".into(), data_type: SqlType::new("text"), nullable: true, comment: "Free-form notes".into(), ..Column::default() });
        table.indexes.push(schema_engine::model::Index {
            name: "idx_notes".into(),
            columns: vec![schema_engine::model::IndexColumn::new("notes", false)],
            ..Default::default()
        });
        assert!(write_migration(&root, &model, "Bad-Name", false).is_err(), "names are snake_case");
        let Written::DryRun { files } = write_migration(&root, &model, "add_notes", true)? else { panic!("dry run") };
        assert_eq!(files.len(), 2, "{files:#?}");
        assert!(files[0].1.contains("ADD COLUMN notes text;"), "{}", files[0].1);
        assert!(!files[0].1.contains("BEGIN;") && !files[0].1.contains("COMMIT;"), "the runner owns the transaction");
        assert!(files[1].1.starts_with("-- no-transaction\n"), "{}", files[1].1);
        assert!(files[1].1.contains("CREATE INDEX CONCURRENTLY idx_notes"), "{}", files[1].1);
        let latest_before = existing_versions(&root.join(MIGRATIONS_DIR))?.into_iter().max().unwrap_or(0);

        let Written::Files { file_names } = write_migration(&root, &model, "add_notes", false)? else { panic!("written") };
        let versions: Vec<u64> = file_names.iter().map(|f| f.split('_').next().unwrap_or_default().parse().unwrap_or(0)).collect();
        assert!(versions[0] > latest_before && versions[1] == versions[0] + 1, "versions only grow: {versions:?} after {latest_before}");
        let rollback = std::fs::read_to_string(root.join(ROLLBACKS_DIR).join(&file_names[0]))?;
        assert!(rollback.contains("DROP COLUMN notes;"), "{rollback}");
        assert_eq!(codegen::read_snapshot(&root)?, model.catalog, "the snapshot moved on to the model");
        assert_eq!(write_migration(&root, &model, "add_notes", false)?, Written::NoChange, "nothing left to migrate");

        // An existing file is never overwritten.
        let existing = root.join(MIGRATIONS_DIR).join(&file_names[0]);
        let written = std::fs::read_to_string(&existing)?;
        let error = write_new(&existing, "-- replaced").expect_err("refused");
        assert!(error.to_string().contains("already exists; migrations are never rewritten"), "{error}");
        assert_eq!(std::fs::read_to_string(&existing)?, written);
        std::fs::remove_dir_all(&root)?;
        Ok(())
    }
}
