//! `cargo xtask`: the project's command line (matklad's xtask convention).
//!
//! ```text
//! cargo xtask gen     write generated/ from the declarations
//! cargo xtask check   fail if generated/ is not what `gen` would write
//! ```

mod codegen;

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
    /// Exit non-zero, naming each stale file, when generated/ differs from what `gen` writes.
    Check,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Gen => codegen::gen(),
        Command::Check => codegen::check(),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}
