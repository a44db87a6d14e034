//! The generated/ folder: which files it holds and what goes in them.
//!
//! `gen` writes them (the initial migration only when there is none yet),
//! `check` compares them and the snapshot, and the test at the bottom fails
//! when the committed files are stale — so `cargo test` catches a forgotten
//! `cargo xtask gen` the way rust-analyzer's codegen tests do.

use anyhow::{Context, Result};
use crate::migrate::{self, MIGRATIONS_DIR, SNAPSHOT};
use schema_engine::model::Schema;
use schema_engine::{docs, sql};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Version and name of the first migration: the whole schema as first released
/// (the seed dictionary's date).
pub const INITIAL_MIGRATION: &str = "20251012000000_initial_schema";

/// One file of generated/, relative to the workspace root.
pub struct GeneratedFile {
    pub path: PathBuf,
    pub contents: String,
}

/// The workspace root (xtask lives one level below it).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is inside the workspace").to_path_buf()
}

/// The validated schema, or every validation problem as one error.
pub fn load_schema() -> Result<Schema> {
    schema_def::schema().map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| format!("  - {e}")).collect();
        anyhow::anyhow!("the schema declarations have {} problem(s):\n{}", errors.len(), lines.join("\n"))
    })
}

/// schema.sql and the dictionary: always the current declarations.
pub fn derived_files(schema: &Schema) -> Vec<GeneratedFile> {
    let statements = sql::create_schema(schema);
    vec![
        GeneratedFile {
            path: PathBuf::from("generated/schema.sql"),
            contents: format!(
                "{}\n-- The whole current schema, for review. Migrations are in generated/migrations/.\n\n{}",
                sql::GENERATED_HEADER,
                sql::script(&statements).trim_end()
            ) + "\n",
        },
        GeneratedFile {
            path: PathBuf::from("generated/DATA_DICTIONARY.md"),
            contents: docs::render_dictionary(schema, &schema_def::dictionary_text()) + "\n",
        },
    ]
}

/// The initial migration (the whole schema) and the snapshot it leaves behind.
fn initial_migration_files(schema: &Schema) -> Result<Vec<GeneratedFile>> {
    let statements = sql::create_schema(schema);
    Ok(vec![
        GeneratedFile {
            path: PathBuf::from(format!("{MIGRATIONS_DIR}/{INITIAL_MIGRATION}.sql")),
            contents: sql::migration_file(
                &format!("Migration {INITIAL_MIGRATION}: creates the whole schema."),
                &statements,
            ),
        },
        GeneratedFile { path: PathBuf::from(SNAPSHOT), contents: migrate::snapshot_text(schema)? },
    ])
}

/// Whether the migrations folder holds any migration yet.
fn has_migrations(root: &Path) -> bool {
    std::fs::read_dir(root.join(MIGRATIONS_DIR))
        .map(|entries| entries.flatten().any(|e| e.path().extension().is_some_and(|x| x == "sql")))
        .unwrap_or(false)
}

/// Every file `gen` writes: the derived files, and — only for a project without
/// migrations — the initial migration and its snapshot. Written migrations are
/// append-only: later changes go through `cargo xtask migrate`.
pub fn generated_files(root: &Path, schema: &Schema) -> Result<Vec<GeneratedFile>> {
    let mut files = derived_files(schema);
    if !has_migrations(root) {
        files.extend(initial_migration_files(schema)?);
    }
    Ok(files)
}

/// Writes the files whose contents changed.
pub fn write_files(root: &Path, files: &[GeneratedFile]) -> Result<()> {
    for file in files {
        let path = root.join(&file.path);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(file.contents.as_str()) {
            println!("unchanged {}", file.path.display());
            continue;
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        std::fs::write(&path, &file.contents).with_context(|| format!("writing {}", path.display()))?;
        println!("wrote     {}", file.path.display());
    }
    Ok(())
}

/// `cargo xtask gen`.
pub fn gen() -> Result<ExitCode> {
    let schema = load_schema()?;
    let root = project_root();
    write_files(&root, &generated_files(&root, &schema)?)?;
    if migrate::read_snapshot(&root).is_ok_and(|snapshot| snapshot != schema) {
        println!("The declarations changed since the last migration: run `cargo xtask migrate <name>`.");
    }
    Ok(ExitCode::SUCCESS)
}

/// The generated files whose committed contents differ from the model's.
pub fn stale_files(root: &Path, schema: &Schema) -> Result<Vec<PathBuf>> {
    let mut stale = Vec::new();
    for file in generated_files(root, schema)? {
        let committed = std::fs::read_to_string(root.join(&file.path)).ok();
        if committed.as_deref() != Some(file.contents.as_str()) {
            stale.push(file.path);
        }
    }
    Ok(stale)
}

/// Whether the declarations differ from the snapshot of the last migration.
pub fn needs_migration(root: &Path, schema: &Schema) -> Result<bool> {
    Ok(&migrate::read_snapshot(root)? != schema)
}

/// `cargo xtask check`.
pub fn check() -> Result<ExitCode> {
    let schema = load_schema()?;
    let root = project_root();
    let stale = stale_files(&root, &schema)?;
    let unmigrated = needs_migration(&root, &schema)?;
    if stale.is_empty() && !unmigrated {
        println!("generated/ is up to date");
        return Ok(ExitCode::SUCCESS);
    }
    if unmigrated {
        eprintln!("The declarations differ from {SNAPSHOT} (the schema as of the last migration).");
        eprintln!("Run `cargo xtask migrate <name>`, review the new migration, and commit it.");
    }
    if !stale.is_empty() {
        eprintln!("generated/ is stale: these files differ from what the declarations produce:");
        for path in &stale {
            eprintln!("  {}", path.display());
        }
        eprintln!("Run `cargo xtask gen`, review the diff, and commit the changes.");
    }
    Ok(ExitCode::from(1))
}

#[cfg(test)]
mod tests {
    /// `cargo test` catches a forgotten `cargo xtask gen`.
    #[test]
    fn generated_files_are_fresh() {
        let schema = super::load_schema().unwrap();
        let root = super::project_root();
        let stale = super::stale_files(&root, &schema).unwrap();
        assert!(stale.is_empty(), "stale generated files: {stale:?}; run `cargo xtask gen` and commit the changes");
        assert!(
            !super::needs_migration(&root, &schema).unwrap(),
            "the declarations differ from generated/schema.json: run `cargo xtask migrate <name>` and commit the migration"
        );
    }

    #[test]
    fn generation_is_deterministic() {
        let schema = super::load_schema().unwrap();
        let first: Vec<String> = super::derived_files(&schema).into_iter().map(|f| f.contents).collect();
        let again: Vec<String> = super::derived_files(&super::load_schema().unwrap()).into_iter().map(|f| f.contents).collect();
        assert_eq!(first, again);
    }
}
