//! `cargo run -p slack-clone -- gen|check|migrate|drift|apply`.
fn main() -> std::process::ExitCode {
    schema_cli::main(slack_clone::project())
}
