//! How fast drift reads a migrated database and compares it with the
//! declarations, and, where the Supabase CLI is installed, how long its own
//! differ (`supabase db diff --from URL --to URL`, the pg-delta engine) takes
//! on the same pair: a database built from the migrations, and the same with
//! one tampering.

use anyhow::{Context, Result};
use serde::Serialize;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

/// Timed runs of each differ, after one warm-up run.
const RUNS: usize = 7;

#[derive(Debug, Clone, Serialize)]
pub struct DriftTiming {
    /// `release` or `debug`: only a release build says what users get.
    pub build: &'static str,
    pub runs: usize,
    /// Connect, read the catalog, compare, with the server's renderings of
    /// the declared views kept from an earlier run (as `drift` keeps them in
    /// the target directory): what every run but a machine's first costs.
    pub median_ms: f64,
    pub min_ms: f64,
    pub max_ms: f64,
    /// The same with nothing kept: every declared view rendered by the server,
    /// on the second connection while the first reads the catalog (a machine's first run).
    pub first_run: Samples,
    /// Differences found on the tampered copy (must be 1).
    pub differences: usize,
    /// Queries sent after connecting, over two connections at once, with the
    /// renderings kept: the relations and pg_cron's jobs (where installed) on
    /// one, the objects that belong to them on the other (none renders a
    /// view: the tampering is a grant).
    pub round_trips: usize,
    pub supabase: Option<SupabaseTiming>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Samples {
    pub median_ms: f64,
    pub min_ms: f64,
    pub max_ms: f64,
}

impl Samples {
    fn of(mut samples: Vec<f64>) -> Self {
        samples.sort_by(f64::total_cmp);
        Self { median_ms: samples[samples.len() / 2], min_ms: samples[0], max_ms: samples[samples.len() - 1] }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SupabaseTiming {
    pub version: String,
    pub command: String,
    pub median_ms: f64,
    pub min_ms: f64,
    pub max_ms: f64,
}

/// Times drift of `tampered` against the declarations, and the Supabase CLI's
/// diff of `clean` against `tampered`.
pub async fn time(clean_url: &str, tampered_url: &str) -> Result<DriftTiming> {
    let declared = crate::model()?.catalog;
    let store = std::env::temp_dir().join(format!("hotrod-bench-renderings-{}.json", std::process::id()));
    let _ = std::fs::remove_file(&store);
    let (first_run, cold_differences, _) = sample(tampered_url, &declared, None).await?;
    let (kept, warm_differences, has_cron) = sample(tampered_url, &declared, Some(&store)).await?;
    let _ = std::fs::remove_file(&store);
    anyhow::ensure!(
        cold_differences == warm_differences,
        "drift found {cold_differences} difference(s) rendering every view, {warm_differences} with kept renderings"
    );
    let (catalog, with_cron) = schema_engine::introspect::ROUND_TRIPS;
    Ok(DriftTiming {
        build: if cfg!(debug_assertions) { "debug" } else { "release" },
        runs: RUNS,
        median_ms: kept.median_ms,
        min_ms: kept.min_ms,
        max_ms: kept.max_ms,
        first_run,
        differences: warm_differences,
        round_trips: if declared.has_jobs && has_cron { with_cron } else { catalog },
        supabase: supabase(clean_url, tampered_url)?,
    })
}

/// `RUNS` timed runs of drift after a warm-up (which, with a store, fills it):
/// their times, the differences found and whether pg_cron's jobs were read.
async fn sample(url: &str, declared: &schema_engine::catalog::Catalog, store: Option<&std::path::Path>) -> Result<(Samples, usize, bool)> {
    let mut samples = Vec::new();
    let mut last = None;
    for run in 0..=RUNS {
        let started = Instant::now();
        let drift = schema_cli::drift::detect(url, declared.clone(), store).await?;
        if run > 0 {
            samples.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        last = Some(drift);
    }
    let drift = last.expect("at least one run");
    Ok((Samples::of(samples), drift.changes.len(), drift.deployed.has_jobs))
}

/// The Supabase CLI: `SUPABASE_CLI`, an npm install in the project
/// (`npm install supabase`) or the one `.ci/run` installs under
/// `target/tools/supabase`, or `supabase` on the PATH.
fn supabase_binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SUPABASE_CLI") {
        return Some(PathBuf::from(path));
    }
    let root = schema_def::project().root;
    for local in ["node_modules/.bin/supabase", "target/tools/supabase/node_modules/.bin/supabase"] {
        if root.join(local).exists() {
            return Some(root.join(local));
        }
    }
    std::env::var_os("PATH").and_then(|paths| std::env::split_paths(&paths).map(|dir| dir.join("supabase")).find(|p| p.exists()))
}

fn supabase(clean_url: &str, tampered_url: &str) -> Result<Option<SupabaseTiming>> {
    let Some(binary) = supabase_binary() else {
        println!("supabase CLI not found: `npm install supabase` (or set SUPABASE_CLI) to time its differ beside drift");
        return Ok(None);
    };
    let version = Command::new(&binary).arg("--version").output().context("running supabase --version")?;
    let version = String::from_utf8_lossy(&version.stdout).trim().to_owned();
    let url = |u: &str| if u.contains('?') { u.to_owned() } else { format!("{u}?sslmode=disable") };
    let args = ["db", "diff", "--from", &url(clean_url), "--to", &url(tampered_url), "--schema", "public,analytics_cache"];
    let mut samples = Vec::new();
    for run in 0..=RUNS {
        let started = Instant::now();
        let output = Command::new(&binary).args(args).output().context("running supabase db diff")?;
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        if !output.status.success() {
            println!("supabase db diff failed, not timed: {}", String::from_utf8_lossy(&output.stderr).trim());
            return Ok(None);
        }
        if run == 0 {
            println!("supabase db diff found:\n{}", String::from_utf8_lossy(&output.stdout).trim());
        } else {
            samples.push(elapsed);
        }
    }
    samples.sort_by(f64::total_cmp);
    Ok(Some(SupabaseTiming {
        version,
        command: format!("supabase {}", args.join(" ").replace(clean_url, "URL_A").replace(tampered_url, "URL_B")),
        median_ms: samples[samples.len() / 2],
        min_ms: samples[0],
        max_ms: samples[samples.len() - 1],
    }))
}

/// The timing in a few lines.
pub fn summary(timing: &DriftTiming) -> String {
    let first = &timing.first_run;
    let mut out = format!(
        "drift ({} build) against a migrated database with one tampering: median {:.1} ms (min {:.1}, max {:.1}) over {} runs with the view renderings kept from an earlier run, \
         {} round trip(s) after connecting on two connections, {} difference(s) found; a machine's first run (every view rendered, on the second connection while the first reads the catalog): median {:.1} ms (min {:.1}, max {:.1})",
        timing.build, timing.median_ms, timing.min_ms, timing.max_ms, timing.runs, timing.round_trips, timing.differences,
        first.median_ms, first.min_ms, first.max_ms
    );
    if let Some(supabase) = &timing.supabase {
        out.push_str(&format!(
            "\n{} ({}): median {:.1} ms (min {:.1}, max {:.1}); drift is {:.1}x faster ({:.1}x on a first run)",
            supabase.command,
            supabase.version,
            supabase.median_ms,
            supabase.min_ms,
            supabase.max_ms,
            supabase.median_ms / timing.median_ms,
            supabase.median_ms / first.median_ms
        ));
    }
    out
}
