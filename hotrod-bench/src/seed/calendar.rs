//! Days and seconds since the Unix epoch, and the civil calendar, without a
//! date library in the generators' inner loops.

/// Seconds since the Unix epoch (UTC).
pub type Secs = i64;
/// Days since the Unix epoch.
pub type Day = i32;

pub const DAY_SECS: Secs = 86_400;

/// `days` since 1970-01-01 as (year, month, day); Howard Hinnant's algorithm.
pub fn civil(days: Day) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i32::from(m <= 2);
    (y, m, d)
}

/// Day of the week, 0 = Monday … 6 = Sunday.
pub fn weekday(days: Day) -> u32 {
    (days + 3).rem_euclid(7) as u32
}

/// Day of the year, 0-based.
pub fn day_of_year(days: Day) -> u32 {
    let (y, _, _) = civil(days);
    (days - days_from_civil(y, 1, 1)) as u32
}

pub fn days_from_civil(y: i32, m: u32, d: u32) -> Day {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy as i32;
    era * 146_097 + doe - 719_468
}
