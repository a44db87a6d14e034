//! `migrate <name>`: the next migration, from the changes between
//! `generated/schema.json` (the catalog as of the last migration) and the
//! declarations, with its rollback in `generated/rollbacks/`.
//!
//! One change may take several files, applied in order by any runner: the
//! transactional part, each online index build or drop on its own (outside a
//! transaction), and what waits for them (validations, SET NOT NULL). Files
//! already written are never rewritten: new ones get fresh versions, later
//! than every existing one.

use crate::generated::{self, migration_files, MIGRATIONS_DIR, ROLLBACKS_DIR, SNAPSHOT};
use anyhow::{bail, Context, Result};
use schema_engine::plan::{self, Plan};
use schema_engine::project::{Model, Project};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Plans the migration from the snapshot to the declarations, and its rollback.
pub fn plan_from_snapshot(project: &Project, model: &Model) -> Result<(Plan, Plan)> {
    let snapshot = generated::read_snapshot(&project.root)?;
    plan::plan(&snapshot, &model.catalog, &project.hints).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| format!("  - {e}")).collect();
        anyhow::anyhow!("the migration cannot be planned ({} problem(s)):\n{}", errors.len(), lines.join("\n"))
    })
}

/// `migrate <name> [--dry-run]`.
pub fn run(project: &Project, name: &str, dry_run: bool) -> Result<ExitCode> {
    let model = generated::load_model(project)?;
    match write_migration(project, &model, name, dry_run)? {
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

/// Plans the migration from the project's snapshot to `model` and writes it
/// (with its rollback), then moves the snapshot and the derived files on.
pub fn write_migration(project: &Project, model: &Model, name: &str, dry_run: bool) -> Result<Written> {
    let root = &project.root;
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        bail!("migration name `{name}` must be snake_case: lower-case letters, digits and underscores");
    }
    let (forward, backward) = plan_from_snapshot(project, model)?;
    if forward.is_empty() {
        return Ok(Written::NoChange);
    }
    let version = next_version(&root.join(MIGRATIONS_DIR))?;
    let files = migration_files(project, &forward, version, name, &model.catalog);
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
    let header = format!("{}\n-- Rollback of {stem} and the migrations after it of the same change: apply by hand with\n-- `psql -v ON_ERROR_STOP=1 -f <file>` (no --single-transaction: each part has its own transaction).", project.files.migration_header);
    write_new(&root.join(ROLLBACKS_DIR).join(&first), &plan::render_script(&backward, &header, &model.catalog.platform))?;
    std::fs::write(root.join(SNAPSHOT), generated::snapshot_text(&model.catalog)?)?;
    generated::write_files(root, &generated::derived_files(project, model)?)?;
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
mod tests;
