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
    /// Paging and export, for views returning over 1,000 rows.
    pub list: Option<super::lists::ListResult>,
    /// The p95 target of reading the whole view (not applied to lists).
    pub target_ms: f64,
    pub top_node: String,
    pub indexes: Vec<String>,
    pub sequential_scans: Vec<String>,
}

impl ViewResult {
    pub fn passes(&self) -> bool {
        match &self.list {
            Some(list) => list.passes(),
            None => self.p95_ms <= self.target_ms,
        }
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
    /// Not timed with `--views-only`.
    pub drift: Option<super::drift::DriftTiming>,
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
    let _ = writeln!(
        out,
        "\n{passed}/{} views within target (p95 ≤ 10 ms for the dashboard views, ≤ 100 ms for the rest; lists: pages and COPY below)",
        report.views.len()
    );
    let _ = writeln!(out, "server ms: median EXPLAIN ANALYZE execution time (rows computed, not sent); the rest of p50 is transfer");
    let lists: Vec<(&ViewResult, &super::lists::ListResult)> = report.views.iter().filter_map(|v| Some((v, v.list.as_ref()?))).collect();
    if !lists.is_empty() {
        use super::lists::{COPY_TARGET_ROWS_PER_S, PAGE_ROWS, PAGE_TARGET_MS};
        let _ = writeln!(
            out,
            "\nlists and exports (over 1,000 rows): a page of {PAGE_ROWS} rows by the declared key, p95 ≤ {PAGE_TARGET_MS} ms (first page, and one resumed from the middle); COPY (SELECT …) TO STDOUT ≥ {} k rows/s",
            COPY_TARGET_ROWS_PER_S / 1000.0
        );
        let _ = writeln!(out, "  {:<34} {:>8} {:>11} {:>12} {:>12} {:>8}  {:<6} page order", "view", "rows", "first page", "middle page", "COPY rows/s", "MiB/s", "result");
        for (v, list) in lists {
            let ms = |p: Option<f64>| p.map_or_else(|| "-".to_owned(), |p| format!("{p:.2}"));
            let _ = writeln!(
                out,
                "  {:<34} {:>8} {:>11} {:>12} {:>12.0} {:>8.1}  {:<6} {}",
                v.view,
                v.rows,
                ms(list.first_page_p95_ms),
                ms(list.middle_page_p95_ms),
                list.copy_rows_per_s,
                list.copy_mib_per_s,
                if list.passes() { "pass" } else { "FAIL" },
                list.order_by.as_deref().unwrap_or("(no page key declared)"),
            );
        }
    }
    let _ = writeln!(
        out,
        "cargo xtask gen: {:.3} s   migrations on a fresh database: {:.2} s   seeding ({} rows): {:.1} s",
        report.gen_seconds, report.migrate_seconds, report.seeded_rows, report.seed_seconds
    );
    if let Some(drift) = &report.drift {
        let _ = writeln!(out, "{}", super::drift::summary(drift));
    }
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
