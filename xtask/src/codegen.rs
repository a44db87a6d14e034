//! The generated/ folder: which files it holds and what goes in them.
//!
//! `gen` writes them, `check` compares them, and the test at the bottom fails
//! when the committed files are stale — so `cargo test` catches a forgotten
//! `cargo xtask gen` the way rust-analyzer's codegen tests do.

use anyhow::{Context, Result};
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

/// Every file `gen` writes, rendered in memory.
pub fn generated_files(schema: &Schema) -> Result<Vec<GeneratedFile>> {
    let statements = sql::create_schema(schema);
    let mut snapshot = serde_json::to_string_pretty(schema).context("serializing the schema snapshot")?;
    snapshot.push('\n');
    Ok(vec![
        GeneratedFile {
            path: PathBuf::from(format!("generated/migrations/{INITIAL_MIGRATION}.sql")),
            contents: sql::migration_file(
                &format!("Migration {INITIAL_MIGRATION}: creates the whole schema."),
                &statements,
            ),
        },
        GeneratedFile {
            path: PathBuf::from("generated/schema.sql"),
            contents: format!(
                "{}\n-- The whole current schema, for review. Migrations are in generated/migrations/.\n\n{}",
                sql::GENERATED_HEADER,
                sql::script(&statements).trim_end()
            ) + "\n",
        },
        GeneratedFile { path: PathBuf::from("generated/schema.json"), contents: snapshot },
        GeneratedFile {
            path: PathBuf::from("generated/DATA_DICTIONARY.md"),
            contents: docs::render_dictionary(schema, &schema_def::dictionary_text()) + "\n",
        },
    ])
}

/// `cargo xtask gen`.
pub fn gen() -> Result<ExitCode> {
    let schema = load_schema()?;
    let root = project_root();
    for file in generated_files(&schema)? {
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
    Ok(ExitCode::SUCCESS)
}

/// The generated files whose committed contents differ from the model's.
pub fn stale_files(root: &Path, schema: &Schema) -> Result<Vec<PathBuf>> {
    let mut stale = Vec::new();
    for file in generated_files(schema)? {
        let committed = std::fs::read_to_string(root.join(&file.path)).ok();
        if committed.as_deref() != Some(file.contents.as_str()) {
            stale.push(file.path);
        }
    }
    Ok(stale)
}

/// `cargo xtask check`.
pub fn check() -> Result<ExitCode> {
    let schema = load_schema()?;
    let stale = stale_files(&project_root(), &schema)?;
    if stale.is_empty() {
        println!("generated/ is up to date");
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("generated/ is stale: these files differ from what the declarations produce:");
    for path in &stale {
        eprintln!("  {}", path.display());
    }
    eprintln!("Run `cargo xtask gen`, review the diff, and commit the changes.");
    Ok(ExitCode::from(1))
}

#[cfg(test)]
mod tests {
    /// `cargo test` catches a forgotten `cargo xtask gen`.
    #[test]
    fn generated_files_are_fresh() {
        let schema = super::load_schema().unwrap();
        let stale = super::stale_files(&super::project_root(), &schema).unwrap();
        assert!(stale.is_empty(), "stale generated files: {stale:?}; run `cargo xtask gen` and commit the changes");
    }

    #[test]
    fn generation_is_deterministic() {
        let schema = super::load_schema().unwrap();
        let first: Vec<String> = super::generated_files(&schema).unwrap().into_iter().map(|f| f.contents).collect();
        let again: Vec<String> = super::generated_files(&super::load_schema().unwrap()).unwrap().into_iter().map(|f| f.contents).collect();
        assert_eq!(first, again);
    }
}
