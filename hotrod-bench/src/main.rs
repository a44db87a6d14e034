//! `hotrod-bench`: the Hot Rod verbs that need a database. `cargo xtask`
//! hands `drift`, `apply`, `seed` and `bench` to this binary, so that its own
//! build (`gen`, `check`, `migrate`) compiles no database stack.

use clap::{Parser, Subcommand};
use hotrod_bench::{bench, seed};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "The Hot Rod AN tasks that need a database")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    #[command(flatten)]
    Database(schema_cli::DatabaseCommand),
    /// Fill every table with deterministic synthetic data (tiny, small, year or a factor of year),
    /// on a throwaway local server or an existing migrated database.
    Seed(seed::SeedArgs),
    /// Run every view repeatedly on seeded data and compare its p95 with its target
    /// (20 ms for the dashboard views, 200 ms for the rest).
    Bench(bench::BenchArgs),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Database(command) => schema_cli::run(&schema_def::project(), schema_cli::Command::Database(command)),
        Command::Seed(args) => seed::run(args),
        Command::Bench(args) => bench::run(args),
    };
    schema_cli::exit_code(result)
}
