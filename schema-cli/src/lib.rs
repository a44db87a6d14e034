//! The command-line verbs of a schema-as-code project, for any [`Project`]:
//! a project's binary (Hot Rod's is `xtask`) builds its `Project` and hands it
//! to [`main`] (or adds verbs of its own around [`Command`] and [`run`]).
//!
//! - [`FileCommand`]: `gen`, `check`, `migrate` read the declarations and
//!   write the project's `generated/` folder ([`generated`] owns it). They need
//!   no database, and build without one.
//! - `DatabaseCommand` (feature `database`): `drift` and `apply`, which talk to
//!   a live PostgreSQL through sqlx.
//!
//! Exit codes: 0 success (no drift), 1 a finding (stale files, drift), 2 an
//! error, printed on one line.

#[cfg(feature = "database")]
pub mod apply;
#[cfg(feature = "database")]
pub mod drift;
pub mod generated;
pub mod migrate;
#[cfg(feature = "database")]
mod target;

use clap::{Parser, Subcommand};
use schema_engine::project::Project;
use std::process::ExitCode;

/// The verbs that read the declarations and write the project's files.
#[derive(Debug, Subcommand)]
pub enum FileCommand {
    /// Write schema.sql and DATA_DICTIONARY.md (and, in a project without
    /// migrations, the first migration and schema.json) into generated/.
    Gen,
    /// Exit non-zero, naming each stale file, when generated/ differs from what `gen`
    /// writes or the declarations changed without a migration.
    Check,
    /// Write the next migration from the declarations' changes since generated/schema.json.
    Migrate {
        /// snake_case name of the migration, e.g. `add_notes_column`.
        name: String,
        /// Print the plan and the SQL without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
}

/// The verbs that talk to a live database.
#[cfg(feature = "database")]
#[derive(Debug, Subcommand)]
pub enum DatabaseCommand {
    /// Print every difference between a live database and the declarations
    /// (exit 0 none, 1 drift, 2 error).
    Drift {
        /// The database to inspect, e.g. postgres://user@host:5432/db.
        #[arg(long, env = "DATABASE_URL")]
        database_url: String,
        /// Print the differences as JSON (for CI; the shape is documented in the README).
        #[arg(long, conflicts_with = "repair_sql")]
        json: bool,
        /// Print the SQL that brings the database back to the declarations
        /// (planned like a migration; destructive steps are marked).
        #[arg(long)]
        repair_sql: bool,
    },
    /// Apply the pending migrations with sqlx's migrator, holding its lock,
    /// showing each migration and step, retrying a lock timeout with backoff.
    Apply(apply::ApplyArgs),
}

/// Every verb this build has.
#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(flatten)]
    Files(FileCommand),
    #[cfg(feature = "database")]
    #[command(flatten)]
    Database(DatabaseCommand),
}

#[derive(Debug, Parser)]
#[command(about = "Schema-as-code: generate, check, migrate (and with a database: drift, apply)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Runs one verb for `project`.
pub fn run(project: &Project, command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Files(FileCommand::Gen) => generated::gen(project),
        Command::Files(FileCommand::Check) => generated::check(project),
        Command::Files(FileCommand::Migrate { name, dry_run }) => migrate::run(project, &name, dry_run),
        #[cfg(feature = "database")]
        Command::Database(DatabaseCommand::Drift { database_url, json, repair_sql }) => drift::run(project, &database_url, json, repair_sql),
        #[cfg(feature = "database")]
        Command::Database(DatabaseCommand::Apply(args)) => apply::run(project, args),
    }
}

/// A project binary's whole `main`: parses the arguments, runs the verb, and
/// prints an error on one line (exit 2).
pub fn main(project: Project) -> ExitCode {
    let cli = Cli::parse();
    exit_code(run(&project, cli.command))
}

/// The exit code of a verb's result; an error is printed on one line, exit 2.
pub fn exit_code(result: anyhow::Result<ExitCode>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
