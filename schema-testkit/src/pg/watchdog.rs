//! Cleanup that survives the test process.
//!
//! Rust never drops statics, and a killed test binary runs no destructors at
//! all, so the shared server would outlive the tests. Instead a small shell
//! loop, detached into its own process group (so a Ctrl-C or a group kill
//! aimed at the tests does not take it along), waits for the test process to
//! go away and then cleans up.

use std::ffi::OsStr;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, Result};

/// Once this process is gone: stop the cluster in `dir` (fast shutdown,
/// SIGKILL after 10s) and delete `dir`. Armed as soon as `dir` exists, so a
/// kill during initdb or startup is covered too. The postmaster is found
/// through its `postmaster.pid` and only signalled if its command line names
/// `dir`, since a stale pid file may point at an unrelated, reused pid. If
/// `dir` vanishes first, its owner cleaned up ([`super::LocalServer`]'s drop,
/// or a failed start) and the watchdog just leaves.
pub(super) fn remove_cluster_after_exit(dir: &Path) -> Result<()> {
    const SCRIPT: &str = r#"
owner=$1 dir=$2
while kill -0 "$owner" 2>/dev/null && [ -d "$dir" ]; do sleep 0.5; done
[ -d "$dir" ] || exit 0
pg=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null)
case "$pg" in '' | *[!0-9]*) pg= ;; esac
if [ -n "$pg" ] && grep -qF "$dir" "/proc/$pg/cmdline" 2>/dev/null; then
  kill -INT "$pg" 2>/dev/null
  i=0
  while kill -0 "$pg" 2>/dev/null && [ "$i" -lt 40 ]; do sleep 0.25; i=$((i + 1)); done
  kill -KILL "$pg" 2>/dev/null
fi
rm -rf "$dir"
"#;
    spawn(SCRIPT, &[dir.as_os_str()])
}

/// Once this process is gone: remove the Docker container `container_id`.
pub(super) fn remove_container_after_exit(container_id: &str) -> Result<()> {
    const SCRIPT: &str = r#"
owner=$1 id=$2
while kill -0 "$owner" 2>/dev/null; do sleep 0.5; done
docker rm -f -v "$id" >/dev/null 2>&1
"#;
    spawn(SCRIPT, &[container_id.as_ref()])
}

/// Runs `script` under `sh` with this process's pid as `$1` and `args` after it.
/// The values travel as positional parameters, so no quoting is needed.
fn spawn(script: &str, args: &[&OsStr]) -> Result<()> {
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg("schema-tests-watchdog")
        .arg(std::process::id().to_string())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .context("spawning the cleanup watchdog (`sh -c ...`)")?;
    Ok(())
}
