//! `cargo xtask`: the project's command line (matklad's xtask convention).
//!
//! ```text
//! cargo xtask gen                     write generated/ from the declarations
//! cargo xtask check                   fail if generated/ or the migrations lag the declarations
//! cargo xtask migrate <name>          write the next migration (and its rollback)
//! cargo xtask drift --database-url U  compare a live database with the declarations
//! cargo xtask apply --database-url U  apply the pending migrations
//! cargo xtask seed --scale tiny       fill the tables with synthetic data (see seed/mod.rs)
//! cargo xtask bench --scale year      time every view against its target
//! ```

mod apply;
mod bench;
mod codegen;
mod drift;
mod migrate;
mod seed;

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
    /// Fill every table with deterministic synthetic data (tiny, small, year or a factor of year),
    /// on a throwaway local server or an existing migrated database.
    Seed(seed::SeedArgs),
    /// Run every view repeatedly on seeded data and compare its p95 with its target
    /// (20 ms for the dashboard views, 200 ms for the rest).
    Bench(bench::BenchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Gen => codegen::gen(),
        Command::Check => codegen::check(),
        Command::Migrate { name, dry_run } => migrate::run(&name, dry_run),
        Command::Drift { database_url, json, repair_sql } => drift::run(&database_url, json, repair_sql),
        Command::Apply(args) => apply::run(args),
        Command::Seed(args) => seed::run(args),
        Command::Bench(args) => bench::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
