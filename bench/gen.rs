//! Writes a large export for the benchmark, deterministic (a fixed-seed generator):
//! `gen LAYOUT ROWS FILE [DAY_OFFSET]`, LAYOUT `long` (one observation a row, about 40 bytes:
//! 10 million rows are about 400 MB), `wide` (one case a row with its four metrics, about
//! 45 bytes) or `events` (an event log, one event a row, ten events a case on average, for
//! `[events] case = "case", activity = "activity", timestamp = "at"`). The dates spread over
//! 180 days from 2026-01-02 plus DAY_OFFSET.

use roi::value::format_day;
use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let usage = || -> ! {
        eprintln!("usage: gen long|wide ROWS FILE [DAY_OFFSET]");
        std::process::exit(2);
    };
    if args.len() < 4 {
        usage();
    }
    let (wide, events) = match args[1].as_str() {
        "long" => (false, false),
        "wide" => (true, false),
        "events" => (false, true),
        _ => usage(),
    };
    let Ok(rows) = args[2].parse::<u64>() else {
        usage()
    };
    let Ok(offset) = args.get(4).map_or(Ok(0), |s| s.parse::<u64>()) else {
        usage()
    };
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&args[3])?);
    let mut state: u64 = 0x2545_F491_4F6C_DD1D ^ offset;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as u32
    };
    if events {
        writeln!(out, "case,activity,at")?;
        let mut written = 0;
        let mut case = 0u64;
        while written < rows {
            // A case opens at a second of the 180 days, is answered, worked on (sometimes
            // twice: rework) and closed; each event a few minutes to hours after the last.
            let mut at = i64::from(next() % (180 * 86_400)) + (offset as i64 + 1) * 86_400;
            let steps = 3 + next() % 15;
            for s in 0..steps.min((rows - written) as u32) {
                let activity = match s {
                    0 => "Open",
                    1 => "First response",
                    s if s + 1 == steps => "Close",
                    _ if next() % 4 == 0 => "Check",
                    _ => "Work",
                };
                let day = 20_454 + (at / 86_400) as i32;
                let secs = at % 86_400;
                writeln!(
                    out,
                    "C{case},{activity},{} {:02}:{:02}:{:02}",
                    format_day(day),
                    secs / 3600,
                    secs % 3600 / 60,
                    secs % 60
                )?;
                at += i64::from(60 + next() % 7200);
                written += 1;
            }
            case += 1;
        }
        return out.flush();
    }
    if wide {
        writeln!(
            out,
            "date,case_id,cycle_time_h,response_time_min,errors,downtime_min"
        )?;
    } else {
        writeln!(out, "metric,value,unit,date,process")?;
    }
    for i in 0..rows {
        let day = 1 + (i * 180 / rows.max(1)) + offset;
        let date = format_day(20_454 + day as i32); // 2026-01-01 + day
        if wide {
            let cycle = format!("{}.{}", 1 + next() % 12, next() % 10);
            let response = 2 + next() % 90;
            let errors = if next() % 10 == 0 { 1 + next() % 3 } else { 0 };
            // One case in twenty has downtime; the others leave the cell empty.
            let downtime = if next() % 20 == 0 {
                (5 + next() % 60).to_string()
            } else {
                String::new()
            };
            writeln!(out, "{date},C{i},{cycle},{response},{errors},{downtime}")?;
            continue;
        }
        match next() % 100 {
            0..70 => writeln!(
                out,
                "cycle_time,{}.{},h,{date},order-to-cash",
                1 + next() % 12,
                next() % 10
            )?,
            70..95 => writeln!(
                out,
                "response_time,{},min,{date},service-desk",
                2 + next() % 90
            )?,
            95..98 => writeln!(out, "errors,{},count,{date},order-to-cash", 1 + next() % 3)?,
            _ => writeln!(out, "downtime,{},min,{date},line-2", 5 + next() % 60)?,
        }
    }
    out.flush()
}
