//! `cargo xtask`: the Hot Rod AN project's command line (matklad's xtask
//! convention), a thin main over `schema-cli` with `schema_def::project()`.
//!
//! ```text
//! cargo xtask gen                     write generated/ from the declarations
//! cargo xtask check                   fail if generated/ or the migrations lag the declarations
//! cargo xtask migrate <name>          write the next migration (and its rollback)
//! cargo xtask drift --database-url U  compare a live database with the declarations
//! cargo xtask apply --database-url U  apply the pending migrations
//! cargo xtask seed --scale tiny       fill the tables with synthetic data
//! cargo xtask bench --scale year      time every view against its target
//! ```
//!
//! `gen`, `check` and `migrate` need no database, and this binary builds none
//! of sqlx, tokio or testcontainers. The other verbs are the `hotrod-bench`
//! binary's: they are handed to `cargo run -p hotrod-bench` (with this build's
//! profile), which builds the database stack the first time one is used.

use clap::{Parser, Subcommand};
use std::process::{Command, ExitCode};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Schema-as-code tasks for the Hot Rod AN database",
    after_help = "Verbs that need a database (run by the hotrod-bench binary; `cargo xtask <verb> --help`):\n  \
                  drift    Print every difference between a live database and the declarations\n  \
                  apply    Apply the pending migrations with sqlx's migrator\n  \
                  seed     Fill every table with deterministic synthetic data\n  \
                  bench    Time every view against its target, drift, and a day-two change under load"
)]
struct Cli {
    #[command(subcommand)]
    command: Verb,
}

#[derive(Subcommand)]
enum Verb {
    #[command(flatten)]
    Files(schema_cli::FileCommand),
    /// drift, apply, seed, bench: handed to the hotrod-bench binary.
    #[command(external_subcommand)]
    Database(Vec<String>),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Verb::Files(command) => schema_cli::exit_code(schema_cli::run(&schema_def::project(), schema_cli::Command::Files(command))),
        Verb::Database(args) => delegate(&args),
    }
}

/// Runs `cargo run -p hotrod-bench -- <args>` in the workspace, in this
/// build's profile (`bench` and `seed` always in release), and exits as it does.
fn delegate(args: &[String]) -> ExitCode {
    const DATABASE_VERBS: [&str; 4] = ["drift", "apply", "seed", "bench"];
    if !DATABASE_VERBS.contains(&args[0].as_str()) {
        eprintln!("error: unknown command `{}`; run `cargo xtask --help`", args[0]);
        return ExitCode::from(2);
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(schema_def::project().root).args(["run", "--quiet", "--package", "hotrod-bench"]);
    // The benchmark and the seed generate and time millions of rows: they run
    // the optimized build whatever profile built xtask (the first run compiles
    // it); drift and apply follow xtask's profile.
    if !cfg!(debug_assertions) || matches!(args[0].as_str(), "bench" | "seed") {
        command.arg("--release");
    }
    match command.arg("--").args(args).status() {
        Ok(status) => ExitCode::from(status.code().map_or(2, |code| u8::try_from(code).unwrap_or(2))),
        Err(error) => {
            eprintln!("error: running cargo for `{}`: {error}", args[0]);
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    /// `cargo test` catches a forgotten `cargo xtask gen`, or a declaration
    /// changed without `cargo xtask migrate`.
    #[test]
    fn generated_files_are_fresh_and_deterministic() {
        schema_cli::generated::assert_fresh(&schema_def::project());
    }
}
