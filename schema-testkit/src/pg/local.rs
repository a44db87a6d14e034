//! A throwaway PostgreSQL cluster from the server binaries on this machine:
//! `initdb` into a temp dir, then `postgres` on a free port, reachable only
//! over 127.0.0.1 and a Unix socket inside that dir, with trust auth.
//!
//! initdb and postgres refuse to run as root, so when this process is root
//! the cluster runs as the `postgres` OS user instead (no sudo involved).

use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use super::{wait_until_accepting, watchdog, LOCAL_SERVER_SETTINGS, PINNED_SETTINGS};

/// A running throwaway cluster. Dropping it stops the server and deletes its
/// directory; if it is never dropped (a static, a killed process), a watchdog
/// does the same once the process that started it is gone.
#[derive(Debug)]
pub struct LocalServer {
    url: String,
    port: u16,
    dir: PathBuf,
    bin_dir: PathBuf,
    has_pg_cron: bool,
    postmaster: Child,
}

impl LocalServer {
    /// Superuser URL for the `postgres` database, e.g.
    /// `postgres://postgres@127.0.0.1:PORT/postgres`.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The directory with the server binaries used (psql, pg_dump, ... too).
    pub fn bin_dir(&self) -> &Path {
        &self.bin_dir
    }

    /// Whether pg_cron was found and preloaded (`cron.database_name=postgres`).
    pub fn has_pg_cron(&self) -> bool {
        self.has_pg_cron
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        let pid = self.postmaster.id() as libc::pid_t;
        // SAFETY: kill has no memory-safety preconditions; the pid is our own
        // unreaped child, so it cannot have been reused.
        unsafe { libc::kill(pid, libc::SIGINT) };
        let deadline = Instant::now() + Duration::from_secs(10);
        while matches!(self.postmaster.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        if matches!(self.postmaster.try_wait(), Ok(None)) {
            let _ = self.postmaster.kill();
            let _ = self.postmaster.wait();
        }
        if let Err(e) = std::fs::remove_dir_all(&self.dir) {
            eprintln!(
                "warning: could not delete test cluster {}: {e}",
                self.dir.display()
            );
        }
    }
}

/// Starts a throwaway cluster (see the module docs) and waits until it
/// accepts connections. It runs until the returned value is dropped or this
/// process exits.
pub async fn start_local_server() -> Result<LocalServer> {
    let bin_dir = find_bin_dir()?;
    let run_as = server_os_user()?;
    let pkglib_dir = pkglib_dir(&bin_dir).await;
    let has_pg_cron = pkglib_dir.join("pg_cron.so").is_file();

    let dir = tempfile::Builder::new()
        .prefix("schema-tests-pg-")
        .tempdir()
        .context("creating a temp dir for the test cluster")?
        // From here on the dir is ours to delete: by LocalServer's drop, by
        // the watchdog, or right here when starting fails.
        .keep();
    if let Err(e) = watchdog::remove_cluster_after_exit(&dir) {
        let _ = std::fs::remove_dir_all(&dir);
        return Err(e);
    }
    match start_in(&dir, &bin_dir, run_as, has_pg_cron).await {
        Ok((port, postmaster)) => Ok(LocalServer {
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            port,
            dir,
            bin_dir,
            has_pg_cron,
            postmaster,
        }),
        Err(e) => {
            let _ = std::fs::remove_dir_all(&dir);
            Err(e)
        }
    }
}

async fn start_in(
    dir: &Path,
    bin_dir: &Path,
    run_as: Option<(u32, u32)>,
    has_pg_cron: bool,
) -> Result<(u16, Child)> {
    if let Some((uid, gid)) = run_as {
        std::os::unix::fs::chown(dir, Some(uid), Some(gid))
            .with_context(|| format!("handing {} to the postgres OS user", dir.display()))?;
    }
    let data = dir.join("data");
    let initdb = bin_dir.join("initdb");
    let mut command = tokio::process::Command::new(&initdb);
    command
        .arg("-D")
        .arg(&data)
        .args([
            "--username=postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
        ])
        // The cluster is thrown away; syncing its files to disk only costs time.
        .arg("--no-sync")
        .current_dir(dir);
    if let Some((uid, gid)) = run_as {
        command.uid(uid).gid(gid);
    }
    let output = command
        .output()
        .await
        .with_context(|| format!("running {}", initdb.display()))?;
    if !output.status.success() {
        bail!(
            "{} -D {} failed ({}):\n{}{}",
            initdb.display(),
            data.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
        );
    }

    // A free port can be taken by someone else before postgres binds it;
    // only that failure is worth another try.
    let log_path = dir.join("postgres.log");
    let mut attempt = 1;
    loop {
        let port = free_port()?;
        let mut postmaster = spawn_postgres(dir, bin_dir, &log_path, port, run_as, has_pg_cron)?;
        let url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
        let ready = wait_until_accepting(&url, Duration::from_secs(30), || {
            match postmaster.try_wait() {
                Ok(None) => Ok(()),
                Ok(Some(status)) => bail!("postgres exited during startup ({status})"),
                Err(e) => Err(e).context("checking on the postgres process"),
            }
        })
        .await;
        match ready {
            Ok(()) => return Ok((port, postmaster)),
            Err(e) => {
                let _ = postmaster.kill();
                let _ = postmaster.wait();
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                if attempt < 3 && log.contains("could not bind") {
                    attempt += 1;
                    continue;
                }
                let tail: Vec<&str> = log.lines().rev().take(40).collect();
                let tail: Vec<&str> = tail.into_iter().rev().collect();
                return Err(e.context(format!(
                    "test cluster in {} did not start; end of {}:\n{}",
                    dir.display(),
                    log_path.display(),
                    tail.join("\n")
                )));
            }
        }
    }
}

fn spawn_postgres(
    dir: &Path,
    bin_dir: &Path,
    log_path: &Path,
    port: u16,
    run_as: Option<(u32, u32)>,
    has_pg_cron: bool,
) -> Result<Child> {
    let postgres = bin_dir.join("postgres");
    let log = File::create(log_path).with_context(|| format!("creating {}", log_path.display()))?;
    let log_err = log
        .try_clone()
        .with_context(|| format!("duplicating {}", log_path.display()))?;

    let mut command = Command::new(&postgres);
    command
        .arg("-D")
        .arg(dir.join("data"))
        .arg("-p")
        .arg(port.to_string())
        .arg("-c")
        .arg("listen_addresses=127.0.0.1")
        .arg("-k")
        .arg(dir);
    for (name, value) in PINNED_SETTINGS.iter().chain(LOCAL_SERVER_SETTINGS) {
        command.arg("-c").arg(format!("{name}={value}"));
    }
    if has_pg_cron {
        command
            .args(["-c", "shared_preload_libraries=pg_cron"])
            .args(["-c", "cron.database_name=postgres"]);
    }
    command
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err);
    if let Some((uid, gid)) = run_as {
        command.uid(uid).gid(gid);
    }
    command
        .spawn()
        .with_context(|| format!("starting {}", postgres.display()))
}

fn free_port() -> Result<u16> {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").context("finding a free port on 127.0.0.1")?;
    Ok(listener
        .local_addr()
        .context("reading the free port")?
        .port())
}

/// `None` when this process may run initdb itself; the `postgres` OS user's
/// uid and gid when it is root.
fn server_os_user() -> Result<Option<(u32, u32)>> {
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return Ok(None);
    }
    let passwd = std::fs::read_to_string("/etc/passwd")
        .context("reading /etc/passwd to find the postgres user")?;
    for line in passwd.lines() {
        let fields: Vec<&str> = line.split(':').collect();
        if let ["postgres", _, uid, gid, ..] = fields[..] {
            let uid = uid
                .parse()
                .with_context(|| format!("bad uid in /etc/passwd line {line:?}"))?;
            let gid = gid
                .parse()
                .with_context(|| format!("bad gid in /etc/passwd line {line:?}"))?;
            return Ok(Some((uid, gid)));
        }
    }
    bail!(
        "running as root, where initdb refuses to run, and there is no `postgres` user \
         in /etc/passwd to run the test cluster as (create one: useradd --system postgres)"
    )
}

/// The first directory holding both `initdb` and `postgres`: from PATH, from
/// `pg_config --bindir`, then the highest `/usr/lib/postgresql/*/bin`.
fn find_bin_dir() -> Result<PathBuf> {
    let has_server = |dir: &Path| dir.join("initdb").is_file() && dir.join("postgres").is_file();

    // PATH may hold symlinks (e.g. /usr/local/bin/initdb); the real directory
    // is the one that also has postgres and the other tools.
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .map(|dir| dir.join("initdb"))
        .filter(|initdb| initdb.is_file())
        .find_map(|initdb| initdb.canonicalize().ok()?.parent().map(Path::to_path_buf))
        .filter(|dir| has_server(dir));
    if let Some(dir) = on_path {
        return Ok(dir);
    }

    let from_pg_config = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
        .filter(|dir| has_server(dir));
    if let Some(dir) = from_pg_config {
        return Ok(dir);
    }

    let mut versions: Vec<(Vec<u32>, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let version = name
                .split('.')
                .map(str::parse)
                .collect::<Result<Vec<u32>, _>>()
                .ok()?;
            Some((version, entry.path().join("bin")))
        })
        .filter(|(_, dir)| has_server(dir))
        .collect();
    versions.sort();
    if let Some((_, dir)) = versions.pop() {
        return Ok(dir);
    }

    bail!(
        "no PostgreSQL server binaries: no initdb+postgres on PATH, none in \
         `pg_config --bindir`, none in /usr/lib/postgresql/*/bin"
    )
}

/// Where server extensions' libraries live: what `pg_config --pkglibdir` of
/// this very installation says, else the usual `../lib` beside `bin`.
async fn pkglib_dir(bin_dir: &Path) -> PathBuf {
    let asked = tokio::process::Command::new(bin_dir.join("pg_config"))
        .arg("--pkglibdir")
        .output()
        .await
        .ok()
        .filter(|out| out.status.success())
        .map(|out| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
    asked.unwrap_or_else(|| bin_dir.join("../lib"))
}
