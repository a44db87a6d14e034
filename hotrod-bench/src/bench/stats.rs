//! Percentiles of timed samples.

/// p-th percentile (nearest rank) of sorted samples.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    #[test]
    fn percentiles_use_nearest_rank() {
        let samples: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(super::percentile(&samples, 50.0), 10.0);
        assert_eq!(super::percentile(&samples, 95.0), 19.0);
        assert_eq!(super::percentile(&samples, 100.0), 20.0);
    }
}
