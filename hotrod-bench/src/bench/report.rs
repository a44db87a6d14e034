//! The benchmark's outputs: the printed table, JSON, and an SVG chart of each
//! view's p95 against its target.

use serde::Serialize;
use std::fmt::Write as _;

/// One view's measurements.
#[derive(Debug, Clone, Serialize)]
pub struct ViewResult {
    pub view: String,
    pub group: String,
    pub rows: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
    /// Median EXPLAIN ANALYZE execution time: the rows computed but not sent.
    pub server_ms: f64,
    /// p95 of reading the first 100 rows, for views returning over 1,000.
    pub first_page_p95_ms: Option<f64>,
    pub target_ms: f64,
    pub top_node: String,
    pub indexes: Vec<String>,
    pub sequential_scans: Vec<String>,
}

impl ViewResult {
    pub fn passes(&self) -> bool {
        self.p95_ms <= self.target_ms
    }
}

/// The whole run.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub scale: String,
    pub iterations: usize,
    pub gen_seconds: f64,
    pub migrate_seconds: f64,
    pub seed_seconds: f64,
    pub seeded_rows: u64,
    pub views: Vec<ViewResult>,
    pub drift: super::drift::DriftTiming,
    pub day_two: Option<super::online::DayTwo>,
}

/// The printed table.
pub fn table(report: &BenchReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<34} {:>8} {:>9} {:>9} {:>9} {:>9} {:>7}  {:<6} {:<22} index used",
        "view", "rows", "p50 ms", "p95 ms", "max ms", "server ms", "target", "result", "top node"
    );
    for v in &report.views {
        let _ = writeln!(
            out,
            "{:<34} {:>8} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>7}  {:<6} {:<22} {}",
            v.view,
            v.rows,
            v.p50_ms,
            v.p95_ms,
            v.max_ms,
            v.server_ms,
            v.target_ms,
            if v.passes() { "pass" } else { "FAIL" },
            v.top_node,
            v.indexes.first().map(String::as_str).unwrap_or("-")
        );
    }
    let passed = report.views.iter().filter(|v| v.passes()).count();
    let _ = writeln!(out, "\n{passed}/{} views within target (p95; 20 ms for the dashboard views, 200 ms for the rest)", report.views.len());
    let _ = writeln!(out, "server ms: median EXPLAIN ANALYZE execution time (rows computed, not sent); the rest of p50 is transfer");
    let paged: Vec<&ViewResult> = report.views.iter().filter(|v| v.first_page_p95_ms.is_some()).collect();
    if !paged.is_empty() {
        let _ = writeln!(out, "\nfirst page (LIMIT 100) of the views returning over 1,000 rows, as a paging dashboard reads them:");
        for v in paged {
            let p95 = v.first_page_p95_ms.unwrap_or(f64::NAN);
            let verdict = if p95 <= v.target_ms { "within" } else { "over" };
            let _ = writeln!(out, "  {:<34} {:>8} rows in all; first 100: p95 {:>8.2} ms ({verdict} {} ms)", v.view, v.rows, p95, v.target_ms);
        }
    }
    let _ = writeln!(
        out,
        "cargo xtask gen: {:.3} s   migrations on a fresh database: {:.2} s   seeding ({} rows): {:.1} s",
        report.gen_seconds, report.migrate_seconds, report.seeded_rows, report.seed_seconds
    );
    let _ = writeln!(out, "{}", super::drift::summary(&report.drift));
    out
}

/// A horizontal bar chart: p95 per view on a log scale, target marked.
pub fn svg(report: &BenchReport) -> String {
    let (label_width, chart_width, bar_height) = (300.0, 600.0, 18.0);
    let height = 60.0 + bar_height * report.views.len() as f64;
    let max = report.views.iter().map(|v| v.p95_ms.max(v.target_ms)).fold(1.0, f64::max);
    let x = |ms: f64| label_width + chart_width * ((ms.max(0.01)).log10() + 2.0) / (max.log10() + 2.0);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" font-family=\"monospace\" font-size=\"12\">\n",
        label_width + chart_width + 40.0
    );
    let _ = writeln!(out, "<text x=\"10\" y=\"20\">p95 per view at scale {} (log scale; | = target)</text>", report.scale);
    for (i, v) in report.views.iter().enumerate() {
        let y = 40.0 + bar_height * i as f64;
        let color = if v.passes() { "#3a7" } else { "#d33" };
        let _ = writeln!(out, "<text x=\"10\" y=\"{:.1}\">{}</text>", y + 13.0, v.view);
        let _ = writeln!(
            out,
            "<rect x=\"{label_width}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{color}\"><title>{:.2} ms</title></rect>",
            (x(v.p95_ms) - label_width).max(1.0),
            bar_height - 4.0,
            v.p95_ms
        );
        let _ = writeln!(out, "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"{y:.1}\" y2=\"{1:.1}\" stroke=\"#000\"/>", x(v.target_ms), y + bar_height - 4.0);
    }
    out.push_str("</svg>\n");
    out
}
