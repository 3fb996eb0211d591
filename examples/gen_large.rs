//! Writes a large long-layout export for the benchmark: `cargo run --release --example
//! gen_large -- ROWS FILE [START_DATE_OFFSET_DAYS]`. Deterministic (a fixed-seed LCG), about
//! 40 bytes a row: 10 million rows are about 400 MB.

use roi::input::cell::format_day;
use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: gen_large ROWS FILE [DAY_OFFSET]");
        std::process::exit(2);
    }
    let rows: u64 = args[1].parse().expect("ROWS must be a whole number");
    let offset: u64 = args
        .get(3)
        .map_or(0, |s| s.parse().expect("DAY_OFFSET must be a number"));
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&args[2])?);
    writeln!(out, "metric,value,unit,date,process")?;
    let mut state: u64 = 0x2545_F491_4F6C_DD1D ^ offset;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as u32
    };
    for i in 0..rows {
        let day = 1 + (i * 180 / rows.max(1)) + offset;
        let date = format_day(20_454 + day as i32); // 2026-01-01 + day
        let r = next() % 100;
        match r {
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
