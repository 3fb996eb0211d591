//! Arbitrary bytes as roi.toml: `roi::assumptions::parse_bytes` must never panic; what it
//! accepts must build a registry, an assumptions table and a ledger without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match roi::assumptions::parse_bytes(data, "roi.toml") {
        Ok(a) => {
            let _ = a.registry();
            let _ = a.table();
            let _ = a.ledger(None);
            let _ = a.ledger(Some((1234.5, roi::assumptions::Source::Data)));
            let _ = a.horizon_months();
            let _ = a.fte_hours_per_month();
            let _ = a.cases_per_month();
            let _ = a.window_days(true);
            let _ = a.window_days(false);
        }
        Err(e) => {
            let _ = roi::i18n::Lang::En.error(&e);
        }
    }
});
