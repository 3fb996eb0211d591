//! The raw baseline of the benchmark: the least work that yields the statistics roi reports,
//! hand-written for exactly the benchmark's files (plain UTF-8, comma-separated, no quotes,
//! ISO dates, no unit conversion, no checks). Each file in its own thread, read in 1 MiB
//! blocks, split with memchr; per metric the count, sum, sum of squares, minimum and maximum,
//! the case durations' values for percentiles (selected, not sorted) and their weekly sums.
//! `raw FILE FILE` prints the statistics as JSON, in the form `bench/compare.py` reads.

use memchr::{memchr, memchr_iter, memrchr};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read;

const METRICS: [&str; 4] = ["cycle_time", "response_time", "errors", "downtime"];
/// Case durations (`cycle_time`, `response_time`) keep their values.
const DURATIONS: usize = 2;

#[derive(Default)]
struct Acc {
    n: u64,
    sum: f64,
    sum_sq: f64,
    min: f64,
    max: f64,
    values: Vec<f64>,
    weekly: BTreeMap<i32, (u64, f64)>,
}

#[derive(Default)]
struct Side {
    metrics: [Acc; 4],
    first: i32,
    last: i32,
}

/// The columns of a file: long (metric, value, date) or wide (a column per metric, date).
enum Columns {
    Long {
        metric: usize,
        value: usize,
        date: usize,
    },
    Wide {
        metric: [Option<usize>; 4],
        date: usize,
    },
}

fn columns(header: &[u8]) -> Columns {
    let names: Vec<&[u8]> = header.split(|&b| b == b',').collect();
    let at = |name: &str| names.iter().position(|n| *n == name.as_bytes());
    let date = at("date").expect("a date column");
    match (at("metric"), at("value")) {
        (Some(metric), Some(value)) => Columns::Long {
            metric,
            value,
            date,
        },
        _ => Columns::Wide {
            metric: [
                at("cycle_time_h"),
                at("response_time_min"),
                at("errors"),
                at("downtime_min"),
            ],
            date,
        },
    }
}

/// Days since 1970-01-01 of an ISO date (`YYYY-MM-DD`).
fn day(d: &[u8]) -> i32 {
    let num = |s: &[u8]| s.iter().fold(0i32, |a, &b| a * 10 + i32::from(b - b'0'));
    let (y, m, dd) = (num(&d[0..4]), num(&d[5..7]), num(&d[8..10]));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn metric_index(name: &[u8]) -> Option<usize> {
    METRICS.iter().position(|m| m.as_bytes() == name)
}

impl Side {
    fn add(&mut self, m: usize, v: f64, week: i32) {
        let a = &mut self.metrics[m];
        if a.n == 0 {
            a.min = v;
            a.max = v;
        }
        a.n += 1;
        a.sum += v;
        a.sum_sq += v * v;
        a.min = a.min.min(v);
        a.max = a.max.max(v);
        if m < DURATIONS {
            a.values.push(v);
            let w = a.weekly.entry(week).or_default();
            w.0 += 1;
            w.1 += v;
        }
    }
}

fn read(path: &str) -> Side {
    let mut file = std::fs::File::open(path).expect("the file opens");
    let mut side = Side {
        first: i32::MAX,
        last: i32::MIN,
        ..Side::default()
    };
    let mut buf: Vec<u8> = Vec::with_capacity(2 << 20);
    let mut cols: Option<Columns> = None;
    let mut last_date: Vec<u8> = Vec::new();
    let mut week = 0;
    let mut eof = false;
    while !eof {
        let start = buf.len();
        buf.resize(start + (1 << 20), 0);
        let n = file.read(&mut buf[start..]).expect("the file reads");
        buf.truncate(start + n);
        eof = n == 0;
        let end = if eof {
            buf.len()
        } else {
            match memrchr(b'\n', &buf) {
                Some(i) => i + 1,
                None => continue,
            }
        };
        let mut at = 0;
        let mut fields: Vec<&[u8]> = Vec::with_capacity(8);
        for stop in memchr_iter(b'\n', &buf[..end])
            .chain((eof && end > 0 && buf[end - 1] != b'\n').then_some(end))
        {
            let line = &buf[at..stop];
            at = stop + 1;
            if line.is_empty() {
                continue;
            }
            let Some(c) = &cols else {
                cols = Some(columns(line));
                continue;
            };
            fields.clear();
            let mut s = 0;
            while let Some(i) = memchr(b',', &line[s..]) {
                fields.push(&line[s..s + i]);
                s += i + 1;
            }
            fields.push(&line[s..]);
            let date = match c {
                Columns::Long { date, .. } | Columns::Wide { date, .. } => fields[*date],
            };
            if date != last_date.as_slice() {
                let d = day(date);
                side.first = side.first.min(d);
                side.last = side.last.max(d);
                week = (d + 3).div_euclid(7);
                last_date.clear();
                last_date.extend_from_slice(date);
            }
            let value = |f: &[u8]| -> Option<f64> {
                (!f.is_empty()).then(|| std::str::from_utf8(f).ok()?.parse().ok())?
            };
            match c {
                Columns::Long {
                    metric, value: v, ..
                } => {
                    if let (Some(m), Some(x)) = (metric_index(fields[*metric]), value(fields[*v])) {
                        side.add(m, x, week);
                    }
                }
                Columns::Wide { metric, .. } => {
                    for (m, col) in metric.iter().enumerate() {
                        if let Some(x) = col.and_then(|c| value(fields[c])) {
                            side.add(m, x, week);
                        }
                    }
                }
            }
        }
        buf.drain(..end);
    }
    side
}

/// PERCENTILE.INC of `v` at `p`, by selection.
fn percentile(v: &mut [f64], p: f64) -> f64 {
    let h = (v.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let (_, a, rest) = v.select_nth_unstable_by(lo, f64::total_cmp);
    let a = *a;
    let b = rest.iter().copied().fold(f64::INFINITY, f64::min);
    if rest.is_empty() {
        a
    } else {
        a + (h - lo as f64) * (b - a)
    }
}

fn iso(day: i32) -> String {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn json(side: &mut Side) -> String {
    let mut out = format!(
        "{{\"first_day\": \"{}\", \"last_day\": \"{}\", \"metrics\": {{",
        iso(side.first),
        iso(side.last)
    );
    let mut first = true;
    for (m, a) in side.metrics.iter_mut().enumerate() {
        if a.n == 0 {
            continue;
        }
        if !first {
            out.push_str(", ");
        }
        first = false;
        let _ = write!(
            out,
            "\"{}\": {{\"n\": {}, \"total\": {:?}",
            METRICS[m], a.n, a.sum
        );
        if m < DURATIONS {
            let n = a.n as f64;
            let mean = a.sum / n;
            let var = (a.sum_sq - n * mean * mean) / (n - 1.0);
            let _ = write!(
                out,
                ", \"mean\": {mean:?}, \"std\": {:?}, \"min\": {:?}, \"max\": {:?}",
                var.max(0.0).sqrt(),
                a.min,
                a.max
            );
            for (name, p) in [("median", 0.5), ("p90", 0.9), ("p95", 0.95)] {
                let _ = write!(out, ", \"{name}\": {:?}", percentile(&mut a.values, p));
            }
            out.push_str(", \"weekly\": {");
            for (i, (w, (n, s))) in a.weekly.iter().enumerate() {
                let sep = if i == 0 { "" } else { ", " };
                let _ = write!(
                    out,
                    "{sep}\"{}\": [{n}, {:?}]",
                    iso(w * 7 - 3),
                    s / *n as f64
                );
            }
            out.push('}');
        }
        out.push('}');
    }
    out.push_str("}}");
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: raw TODAY.csv AFTER.csv");
        std::process::exit(2);
    }
    let (mut t, mut a) = std::thread::scope(|s| {
        let t = s.spawn(|| read(&args[1]));
        let a = read(&args[2]);
        (t.join().expect("the reader finishes"), a)
    });
    // Percentiles too run one side per thread.
    let (t, a) = std::thread::scope(|s| {
        let tj = s.spawn(|| json(&mut t));
        let aj = json(&mut a);
        (tj.join().expect("the summary finishes"), aj)
    });
    println!("{{\"today\": {t}, \"after\": {a}}}");
}
