//! The `generated/` folder: which files it holds, what goes in them, and how
//! migration files are named. `gen` writes them (the first migration only when
//! there is none yet), `check` compares them and the snapshot; `migrate`
//! ([`crate::migrate`]) adds migrations through the functions here, so the
//! folder has one owner.

use anyhow::{Context, Result};
use schema_engine::catalog::Catalog;
use schema_engine::compare::compare;
use schema_engine::plan::{self, Plan, Stage};
use schema_engine::project::{Model, Project};
use schema_engine::{docs, lower};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The migrations, append-only, applied in version order.
pub const MIGRATIONS_DIR: &str = "generated/migrations";
/// One rollback script per change, named like its first migration.
pub const ROLLBACKS_DIR: &str = "generated/rollbacks";
/// The catalog as of the last migration.
pub const SNAPSHOT: &str = "generated/schema.json";
/// The whole current schema, for review.
pub const SCHEMA_SQL: &str = "generated/schema.sql";
/// The data dictionary.
pub const DICTIONARY: &str = "generated/DATA_DICTIONARY.md";

/// One file of generated/, relative to the project root.
pub struct GeneratedFile {
    pub path: PathBuf,
    pub contents: String,
}

/// The project's validated model, or every validation problem as one error.
pub fn load_model(project: &Project) -> Result<Model> {
    project.model().map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| format!("  - {e}")).collect();
        anyhow::anyhow!("the {} declarations have {} problem(s):\n{}", project.name, errors.len(), lines.join("\n"))
    })
}

/// The catalog as of the last migration.
pub fn read_snapshot(root: &Path) -> Result<Catalog> {
    let path = root.join(SNAPSHOT);
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// The snapshot file's contents for `catalog`.
pub fn snapshot_text(catalog: &Catalog) -> Result<String> {
    Ok(serde_json::to_string_pretty(catalog)? + "\n")
}

/// The whole schema as the first migration would create it, for review.
fn schema_sql(project: &Project, catalog: &Catalog) -> Result<String> {
    let plan = plan::plan(&lower::baseline(&catalog.platform), catalog, &Default::default())
        .map_err(|errors| anyhow::anyhow!("planning the whole schema: {errors:?}"))?
        .0;
    Ok(format!(
        "{}\n-- The whole current schema, for review. Migrations are in {MIGRATIONS_DIR}/.\n\n{}",
        project.files.sql_header,
        plan::render_steps(&plan).trim_end()
    ) + "\n")
}

/// schema.sql and the dictionary: always the current declarations.
pub fn derived_files(project: &Project, model: &Model) -> Result<Vec<GeneratedFile>> {
    Ok(vec![
        GeneratedFile { path: PathBuf::from(SCHEMA_SQL), contents: schema_sql(project, &model.catalog)? },
        GeneratedFile {
            path: PathBuf::from(DICTIONARY),
            contents: docs::render_dictionary(&model.schema, &model.catalog, &project.dictionary) + "\n",
        },
    ])
}

/// The files of `plan` as `(file name, contents)`, numbered from `version`:
/// `<version>_<name>[_<what the file does>].sql`.
pub fn migration_files(project: &Project, plan: &Plan, version: u64, name: &str, catalog: &Catalog) -> Vec<(String, String)> {
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
                Stage::Main if file.steps.iter().all(|s| s.commits_first) => "new enum values, committed before they are used",
                Stage::Main => "the transactional part",
                Stage::Online => "an online step, outside a transaction",
                Stage::Finish => "what waits for the online steps",
            };
            let title = if count == 1 {
                format!("Migration {stem}")
            } else {
                format!("Migration {stem}: {} of {count} of `{name}`, {what}", at + 1)
            };
            (format!("{stem}.sql"), file.render(&project.files.migration_header, &title, &catalog.platform))
        })
        .collect()
}

/// The first migration (the whole schema, as files of the plan from the
/// platform's baseline) and the snapshot it leaves behind.
fn initial_migration_files(project: &Project, catalog: &Catalog) -> Result<Vec<GeneratedFile>> {
    let (plan, _) = plan::plan(&lower::baseline(&catalog.platform), catalog, &Default::default())
        .map_err(|errors| anyhow::anyhow!("planning the first migration: {errors:?}"))?;
    let initial = &project.files.initial_migration;
    let (version, name) = initial
        .split_once('_')
        .with_context(|| format!("the initial migration `{initial}` must be named `<version>_<name>`"))?;
    let version: u64 = version.parse().with_context(|| format!("the initial migration `{initial}` must start with a numeric version"))?;
    let mut files: Vec<GeneratedFile> = migration_files(project, &plan, version, name, catalog)
        .into_iter()
        .map(|(file_name, contents)| GeneratedFile { path: PathBuf::from(MIGRATIONS_DIR).join(file_name), contents })
        .collect();
    files.push(GeneratedFile { path: PathBuf::from(SNAPSHOT), contents: snapshot_text(catalog)? });
    Ok(files)
}

/// Whether the migrations folder holds any migration yet.
fn has_migrations(root: &Path) -> bool {
    std::fs::read_dir(root.join(MIGRATIONS_DIR))
        .map(|entries| entries.flatten().any(|e| e.path().extension().is_some_and(|x| x == "sql")))
        .unwrap_or(false)
}

/// Every file `gen` writes: the derived files, and — only for a project without
/// migrations — the first migration and its snapshot. Written migrations are
/// append-only: later changes go through `migrate`. A snapshot that describes
/// the same database as the declarations is kept in their words.
pub fn generated_files(project: &Project, model: &Model) -> Result<Vec<GeneratedFile>> {
    let root = &project.root;
    let mut files = derived_files(project, model)?;
    if !has_migrations(root) {
        files.extend(initial_migration_files(project, &model.catalog)?);
    } else if read_snapshot(root).is_ok_and(|snapshot| pending_changes(project, &snapshot, model) == 0) {
        files.push(GeneratedFile { path: PathBuf::from(SNAPSHOT), contents: snapshot_text(&model.catalog)? });
    }
    Ok(files)
}

/// How many changes the declarations make to the snapshot.
fn pending_changes(project: &Project, snapshot: &Catalog, model: &Model) -> usize {
    compare(snapshot, &model.catalog, &project.hints.renames()).len()
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

/// `gen`: writes generated/.
pub fn gen(project: &Project) -> Result<ExitCode> {
    let model = load_model(project)?;
    write_files(&project.root, &generated_files(project, &model)?)?;
    if needs_migration(project, &model)? {
        println!("The declarations changed since the last migration: run `{} migrate <name>`.", project.command);
    }
    Ok(ExitCode::SUCCESS)
}

/// The generated files whose committed contents differ from the model's.
pub fn stale_files(project: &Project, model: &Model) -> Result<Vec<PathBuf>> {
    let mut stale = Vec::new();
    for file in generated_files(project, model)? {
        let committed = std::fs::read_to_string(project.root.join(&file.path)).ok();
        if committed.as_deref() != Some(file.contents.as_str()) {
            stale.push(file.path);
        }
    }
    Ok(stale)
}

/// Whether the declarations differ from the snapshot of the last migration.
pub fn needs_migration(project: &Project, model: &Model) -> Result<bool> {
    if !has_migrations(&project.root) {
        return Ok(false);
    }
    Ok(pending_changes(project, &read_snapshot(&project.root)?, model) > 0)
}

/// `check`: exit 1 naming each stale file, or when the declarations changed
/// without a migration.
pub fn check(project: &Project) -> Result<ExitCode> {
    let model = load_model(project)?;
    let stale = stale_files(project, &model)?;
    let unmigrated = needs_migration(project, &model)?;
    if stale.is_empty() && !unmigrated {
        println!("generated/ is up to date");
        return Ok(ExitCode::SUCCESS);
    }
    if unmigrated {
        eprintln!("The declarations differ from {SNAPSHOT} (the schema as of the last migration).");
        eprintln!("Run `{} migrate <name>`, review the new migration, and commit it.", project.command);
    }
    if !stale.is_empty() {
        eprintln!("generated/ is stale: these files differ from what the declarations produce:");
        for path in &stale {
            eprintln!("  {}", path.display());
        }
        eprintln!("Run `{} gen`, review the diff, and commit the changes.", project.command);
    }
    Ok(ExitCode::from(1))
}

/// For a project's own test: fails, naming the command, when generated/ is
/// stale or the declarations changed without a migration — so `cargo test`
/// catches a forgotten `gen` the way rust-analyzer's codegen tests do.
pub fn assert_fresh(project: &Project) {
    let model = load_model(project).unwrap_or_else(|error| panic!("{error:#}"));
    let stale = stale_files(project, &model).unwrap_or_else(|error| panic!("{error:#}"));
    assert!(stale.is_empty(), "stale generated files: {stale:?}; run `{} gen` and commit the changes", project.command);
    assert!(
        !needs_migration(project, &model).unwrap_or_else(|error| panic!("{error:#}")),
        "the declarations differ from {SNAPSHOT}: run `{} migrate <name>` and commit the migration",
        project.command
    );
    let again = derived_files(project, &load_model(project).expect("loaded above")).expect("rendered above");
    let first = derived_files(project, &model).expect("rendered above");
    assert!(
        first.iter().zip(&again).all(|(a, b)| a.contents == b.contents),
        "rendering generated/ twice gave different bytes"
    );
}
