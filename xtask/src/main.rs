//! `cargo xtask`: the project's command line (matklad's xtask convention).
//!
//! ```text
//! cargo xtask gen                     write generated/ from the declarations
//! cargo xtask check                   fail if generated/ or the migrations lag the declarations
//! cargo xtask migrate <name>          write the next migration (and its rollback)
//! cargo xtask drift --database-url U  compare a live database with the declarations
//! ```

mod codegen;
mod drift;
mod migrate;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Schema-as-code tasks for the Hot Rod AN database")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the migrations, schema.sql, schema.json and DATA_DICTIONARY.md into generated/.
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
    /// Print every difference between a live database and the declarations
    /// (exit 0 none, 1 drift, 2 error).
    Drift {
        /// The database to inspect, e.g. postgres://user@host:5432/db.
        #[arg(long, env = "DATABASE_URL")]
        database_url: String,
        /// Print the differences as JSON (for CI).
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Gen => codegen::gen(),
        Command::Check => codegen::check(),
        Command::Migrate { name, dry_run } => migrate::run(&name, dry_run),
        Command::Drift { database_url, json } => drift::run(&database_url, json),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
