//! Writes a large export for the benchmark, deterministic (a fixed-seed generator):
//! `gen LAYOUT ROWS FILE [DAY_OFFSET]`, LAYOUT `long` (one observation a row, about 40 bytes:
//! 10 million rows are about 400 MB), `wide` (one case a row with its four metrics, about
//! 45 bytes), `segments` (long, each row in one of 1,000 processes), `xlsx` (a wide .xlsx
//! workbook: case, date, process, three metrics) or `events` (an event log: one event a row, five events a case on average, in
//! the order of time as a system's audit log lists them, for `[events] case = "case",
//! activity = "activity", timestamp = "timestamp"`, `response_until = "Respond"`). The dates
//! spread over 180 days from 2026-01-02 plus DAY_OFFSET.

use roi::value::format_day;
use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let usage = || -> ! {
        eprintln!("usage: gen long|segments|wide|xlsx|events ROWS FILE [DAY_OFFSET]");
        std::process::exit(2);
    };
    if args.len() < 4 {
        usage();
    }
    let (wide, events, segments) = match args[1].as_str() {
        "long" => (false, false, false),
        "segments" => (false, false, true),
        "wide" => (true, false, false),
        "events" => (false, true, false),
        "xlsx" => (true, false, false),
        _ => usage(),
    };
    let Ok(rows) = args[2].parse::<u64>() else {
        usage()
    };
    let Ok(offset) = args.get(4).map_or(Ok(0), |s| s.parse::<u64>()) else {
        usage()
    };
    let mut state: u64 = 0x2545_F491_4F6C_DD1D ^ offset;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as u32
    };
    if args[1] == "xlsx" {
        return workbook(rows, &args[3], offset, &mut next).map_err(std::io::Error::other);
    }
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&args[3])?);
    if events {
        return event_log(&mut out, rows, offset, &mut next);
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
        // `segments`: each row in one of 1,000 processes, for `--by process`.
        let process = |fixed: &'static str, n: u32| -> std::borrow::Cow<'static, str> {
            if segments {
                format!("p{:03}", n % 1000).into()
            } else {
                fixed.into()
            }
        };
        let (kind, n) = (next() % 100, next());
        match kind {
            0..70 => writeln!(
                out,
                "cycle_time,{}.{},h,{date},{}",
                1 + next() % 12,
                next() % 10,
                process("order-to-cash", n)
            )?,
            70..95 => writeln!(
                out,
                "response_time,{},min,{date},{}",
                2 + next() % 90,
                process("service-desk", n)
            )?,
            95..98 => writeln!(
                out,
                "errors,{},count,{date},{}",
                1 + next() % 3,
                process("order-to-cash", n)
            )?,
            _ => writeln!(
                out,
                "downtime,{},min,{date},{}",
                5 + next() % 60,
                process("line-2", n)
            )?,
        }
    }
    out.flush()
}

/// An event log of `rows` events: cases of 3 to 7 events (5 on average; `rows / 5` cases),
/// each opened at a second of the 180 days, answered (`Respond`) in nine cases of ten, worked
/// on (a step of its own each, or, in one case in four, `Check` again and
/// again: rework) and closed, each event minutes to hours after
/// the last. Written in the order of time: the cases interleave.
fn event_log(
    out: &mut impl Write,
    rows: u64,
    offset: u64,
    next: &mut impl FnMut() -> u32,
) -> std::io::Result<()> {
    // (second, case, activity), sorted by time then case.
    let mut events: Vec<(i64, u32, u8)> = Vec::with_capacity(rows as usize);
    let mut case = 0u32;
    while (events.len() as u64) < rows {
        let mut at = i64::from(next() % (180 * 86_400)) + (offset as i64 + 1) * 86_400;
        let steps = 3 + next() % 5;
        let answered = !next().is_multiple_of(10);
        let rework = next().is_multiple_of(4);
        for s in 0..steps {
            if events.len() as u64 == rows {
                break;
            }
            let activity = match s {
                0 => 0,
                s if s + 1 == steps => 8,
                1 if answered => 1,
                _ if rework => 7,
                s => 1 + s as u8,
            };
            events.push((at, case, activity));
            at += i64::from(60 + next() % 14_400);
        }
        case += 1;
    }
    events.sort_unstable();
    writeln!(out, "case,activity,timestamp")?;
    const NAMES: [&str; 9] = [
        "Open", "Respond", "Assign", "Work", "Review", "Approve", "Resolve", "Check", "Close",
    ];
    for (at, case, activity) in events {
        let day = 20_454 + (at / 86_400) as i32;
        let secs = at % 86_400;
        writeln!(
            out,
            "C{case},{},{} {:02}:{:02}:{:02}",
            NAMES[activity as usize],
            format_day(day),
            secs / 3600,
            secs % 3600 / 60,
            secs % 60
        )?;
    }
    out.flush()
}

/// A wide workbook (`xlsx`) of `rows` cases: case, date (an Excel date), process and three
/// metrics (cycle time in hours, response time in minutes, errors), one sheet.
fn workbook(
    rows: u64,
    path: &str,
    offset: u64,
    next: &mut impl FnMut() -> u32,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let header = [
        "case_id",
        "date",
        "process",
        "cycle_time_h",
        "response_time_min",
        "errors",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h)?;
    }
    const PROCESSES: [&str; 3] = ["order-to-cash", "service-desk", "line-2"];
    for i in 0..rows {
        let r = i as u32 + 1;
        let day = 1 + (i * 180 / rows.max(1)) + offset;
        // Excel's serial: days since 1899-12-30; 2026-01-01 is 46023.
        let serial = 46_023.0 + day as f64;
        sheet.write_string(r, 0, format!("C{i}"))?;
        sheet.write_number_with_format(r, 1, serial, &date)?;
        sheet.write_string(r, 2, PROCESSES[(next() % 3) as usize])?;
        let cycle = f64::from(1 + next() % 12) + f64::from(next() % 10) / 10.0;
        sheet.write_number(r, 3, cycle)?;
        sheet.write_number(r, 4, f64::from(2 + next() % 90))?;
        let errors = if next().is_multiple_of(10) {
            1 + next() % 3
        } else {
            0
        };
        sheet.write_number(r, 5, f64::from(errors))?;
    }
    book.save(path)
}
