//! Words, chosen at render time: one phrase catalogue per language (`en.rs`, `pl.rs`), plural
//! rules, and the number, money and date formats of each language (`format.rs`). Only the
//! document, the renderers, the charts and the commands' messages import this module.

mod en;
pub mod format;
mod pl;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    En,
    Pl,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Pl];

    /// The catalogue of this language.
    pub fn cat(self) -> &'static Catalogue {
        match self {
            Lang::En => &en::CATALOGUE,
            Lang::Pl => &pl::CATALOGUE,
        }
    }

    /// The BCP 47 code (`en`, `pl`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Pl => "pl",
        }
    }
}

/// A noun in every form a number can ask for. English uses `one` and `many`; Polish all four:
/// 1 → one, 2–4 (not 12–14) → few, other whole numbers → many, a decimal → fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Noun {
    pub one: &'static str,
    pub few: &'static str,
    pub many: &'static str,
    pub fraction: &'static str,
}

/// An English noun: singular and plural.
pub const fn en(one: &'static str, many: &'static str) -> Noun {
    Noun {
        one,
        few: many,
        many,
        fraction: many,
    }
}

/// A Polish noun: one, few, many and the fraction (genitive singular) form.
pub const fn pl(
    one: &'static str,
    few: &'static str,
    many: &'static str,
    fraction: &'static str,
) -> Noun {
    Noun {
        one,
        few,
        many,
        fraction,
    }
}

impl Noun {
    /// The form for a number as it is shown: `shown` is its text (`5,4`, `12`), so that a
    /// number shown with decimals takes the fraction form.
    pub fn form(&self, shown: &str) -> &'static str {
        let digits: String = shown.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.contains(['.', ',']) {
            return self.fraction;
        }
        let n: u64 = digits
            .trim_start_matches(['-', '−', '+'])
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap_or(0);
        plural(n, self)
    }
}

/// The plural form of a whole number (Polish rules; English nouns have few = many).
pub fn plural(n: u64, noun: &Noun) -> &'static str {
    if n == 1 {
        return noun.one;
    }
    let (last, last2) = (n % 10, n % 100);
    if (2..=4).contains(&last) && !(12..=14).contains(&last2) {
        noun.few
    } else {
        noun.many
    }
}

/// The nouns the phrases count with.
#[derive(Debug)]
pub struct Nouns {
    pub case: Noun,
    pub request: Noun,
    pub row: Noun,
    pub error: Noun,
    /// Errors after "up to" / "do" (Polish genitive).
    pub error_gen: Noun,
    pub hour: Noun,
    /// Hours as an object (Polish accusative: zabierają 10,3 godziny).
    pub hour_acc: Noun,
    /// Hours after "to" / "do" (Polish genitive: do 4,3 godziny).
    pub hour_gen: Noun,
    pub minute: Noun,
    pub minute_gen: Noun,
    pub second: Noun,
    pub second_gen: Noun,
    pub day: Noun,
    pub day_gen: Noun,
    pub week: Noun,
    /// Weeks after "about" / "ok." (Polish genitive: ok. 9 tygodni).
    pub week_gen: Noun,
    pub month: Noun,
    pub fte: Noun,
    pub breach: Noun,
    pub late_response: Noun,
    pub productive_hour: Noun,
    pub lost_hour: Noun,
    pub staff_hour: Noun,
    pub cell: Noun,
}

/// A built-in metric's words.
#[derive(Debug, Clone, Copy)]
pub struct MetricWords {
    /// The metric's name in a table or a sentence (`cycle time`).
    pub name: &'static str,
    /// Its lever's name when it differs (`SLA breaches` for response time).
    pub lever: Option<&'static str>,
}

/// Declares the phrases: each a template whose `{placeholders}` are its parameters.
macro_rules! phrases {
    ($($name:ident $(($($param:ident),*))?;)*) => {
        /// Every phrase of one language.
        #[derive(Debug)]
        pub struct Phrases {
            $(pub $name: &'static str,)*
        }

        /// Each phrase's name and the parameters the code fills in.
        pub const PARAMS: &[(&str, &[&str])] = &[
            $((stringify!($name), &[$($(stringify!($param)),*)?]),)*
        ];

        impl Phrases {
            /// Each phrase by name, in the order of [`PARAMS`].
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($name), self.$name),)*]
            }
        }
    };
}

phrases! {
    // Titles and words used everywhere.
    title;
    today;
    after;
    today_side;
    after_side;
    none;
    appendix_heading;
    // The title block.
    meta_client;
    meta_prepared_by;
    meta_date;
    // Headline.
    h_savings;
    h_savings_note(risk);
    h_payback;
    payback_month(months, months_word, horizon);
    payback_now;
    payback_none(horizon, horizon_word);
    h_npv;
    h_npv_note(months, months_word, rate);
    h_roi;
    h_irr;
    irr_value(rate);
    irr_none;
    irr_huge;
    irr_none_several;
    h_loss;
    h_loss_note(risk);
    h_proven;
    h_unproven;
    h_unproven_note(levers);
    h_npv_conservative(conservative, over);
    h_max_npv;
    h_max_npv_note(over);
    h_max_payback;
    h_max_payback_note;
    max_investment_none;
    h_investment;
    h_no_investment;
    h_no_investment_note;
    proven_only;
    // What you must believe: the evidence behind each lever.
    evidence_heading;
    believe_share(share);
    believe_share_over(share);
    believe_share_none;
    believe_lever(needed, needed_pct, measured);
    believe_lever_impossible(needed_pct, measured);
    measured_fell(pct);
    measured_rose(pct);
    measured_same;
    more_weeks(weeks, weeks_word, pct, change);
    more_year(pct, change);
    lever_unchanged;
    more_noisy(pct, change);
    more_no_window;
    more_no_spread(pct, change);
    change_drop;
    change_rise;
    // Inputs.
    inputs_heading;
    input_line(side, file, details, window);
    input_rows(n, rows_word);
    input_cases(n, cases_word, metric);
    window_dates(first, last, days, days_word);
    window_config(days, days_word);
    window_none;
    volume_line(volume, cases_word, source);
    source_data;
    source_config;
    source_default;
    // Metric table.
    metrics_heading;
    col_metric;
    col_today;
    col_after;
    col_change;
    col_significant;
    sig_yes;
    sig_noise;
    sig_no_spread;
    sig_too_few;
    row_mean(metric);
    row_p90(metric);
    row_sla(metric, target);
    row_per_month(metric);
    row_per_100(metric);
    row_availability;
    scaled_note(metric, ratio, after);
    significance_note;
    unchanged;
    points;
    // Levers.
    levers_heading;
    col_lever;
    col_monthly;
    col_annual;
    col_range;
    not_proven_mark;
    total_gross;
    risk_step(risk);
    total_risk_adjusted;
    no_levers;
    formulas_heading;
    term_volume_ratio(value);
    term_cases(value, cases_word);
    term_labor_share(value);
    term_responses(value);
    per_month_suffix;
    breaches_suffix;
    per_hour_suffix;
    // Scenarios and sensitivity.
    scenarios_heading;
    conservative;
    expected;
    optimistic;
    col_npv;
    col_payback;
    sensitivity_heading;
    col_assumption;
    col_values;
    col_npv_low;
    col_npv_high;
    // Assumptions.
    assumptions_heading;
    col_value;
    col_source;
    custom_cost_unit(metric);
    custom_cost_hour(metric);
    sla_target(metric);
    months_value(n, months_word);
    days_value(n, days_word);
    hours_value(n, hours_word);
    cases_value(n, cases_word);
    // The COO's views.
    views_heading;
    view_flow;
    view_predictability;
    view_quality;
    view_uptime;
    view_customer;
    view_staff;
    flow_throughput(today, after, cases_word);
    flow_wip(today, after);
    flow_capacity(change);
    pred_p90(metric, today, after);
    pred_spread(today, after);
    pred_cv(today, after);
    pred_sla(target, today, after);
    quality_errors(today, after);
    quality_per_100(today, after);
    quality_fewer(n, errors_word);
    quality_more(n, errors_word);
    uptime_downtime(today, after);
    uptime_availability(today, after);
    uptime_regained(hours);
    uptime_lost(hours);
    customer_response(median_today, median_after, p90_today, p90_after);
    customer_fewer_breaches(n, breaches_word);
    customer_more_breaches(n, breaches_word);
    staff_time(hours, hours_word, fte, fte_word);
    staff_time_more(hours, hours_word, fte, fte_word);
    // The day in the life.
    day_in_life_heading;
    topic_today;
    topic_after;
    topic_disappears;
    topic_speeds_up;
    topic_gets_worse;
    topic_worth;
    fact_cases_within(p90);
    fact_responses_sla(share, target, target_short);
    fact_responses_within(p90);
    clause_and;
    fact_interruptions_both(errors, downtime);
    fact_interruptions_errors(errors);
    fact_interruptions_downtime(downtime);
    fact_errors_fewer(n, errors_word, year);
    fact_errors_more(n, errors_word, year);
    fact_downtime_fewer(hours, productive);
    fact_downtime_more(hours, productive);
    fact_late_fewer(n, late_word);
    fact_late_more(n, late_word);
    fact_count_fewer(metric, n);
    fact_count_more(metric, n);
    fact_cycle_faster(today, after, today_number, after_gen, change);
    fact_cycle_slower(today, after, today_number, after_gen, change);
    fact_response_faster(today, after, today_number, after_gen, change);
    fact_response_slower(today, after, today_number, after_gen, change);
    fact_mean_faster(metric, today, after, change);
    fact_mean_slower(metric, today, after, change);
    fact_capacity(share);
    fact_mix_only_faster(by);
    fact_mix_only_slower(by);
    fact_worth(annual, risk);
    fact_costs(annual, risk);
    fact_worth_none;
    fact_worth_proven(proven);
    fact_worth_staff(hours, hours_word, fte, fte_word);
    fact_worth_payback(months, months_word, horizon);
    fact_worth_no_payback(horizon, horizon_word);
    not_proven;
    not_proven_short;
    list_and;
    list_items_and;
    // Warnings.
    warnings_heading;
    w_encoding(file, encoding);
    w_unknown_metric(file, line, name, hint, rows, rows_word);
    did_you_mean(name);
    declare_metric;
    w_more_unknown(file, rows, rows_word);
    w_missing(file, list);
    missing_item(metric, n);
    w_column_near_miss(file, line, column, header, suggestion);
    w_one_side_today(metric);
    w_one_side_after(metric);
    w_few_cases(metric, n, cases_word, side);
    w_windows_differ(today, after);
    w_short_window(file, days, factor);
    w_windows_identical(first, last);
    w_windows_reversed(after_first, after_last, today_first);
    w_windows_overlap(today_first, today_last, after_first, after_last);
    today_file;
    after_file;
    w_volume_changed(change, today, after, cases_word);
    w_lever_not_proven(lever, monthly);
    w_mix_paradox_fell(metric, by, change, share);
    w_mix_paradox_rose(metric, by, change, share);
    w_segments_thin(by, parts);
    w_mix_changed(by, list);
    w_segments_one_side(segments);
    w_segments_small(segments);
    w_summary_missing(file, metric, stats);
    w_summary_sla(file, metric, summary, config);
    segments_heading(by);
    track_title(n, months_word);
    track_month(month, plan_month, days);
    track_few_cases(cases);
    track_col_lever;
    track_col_realised;
    track_col_promised;
    track_col_gap;
    track_col_range;
    track_col_verdict;
    verdict_on_track;
    verdict_ahead;
    verdict_behind;
    verdict_too_early;
    track_total;
    track_plan_adjusted(amount);
    track_cumulative(realised, promised);
    track_payback(reestimated, planned);
    track_payback_never(planned);
    track_verdict_heading;
    track_metric_line(lever, realised, promised, money, verdict);
    track_no_change(lever, months, months_word, promised, verdict);
    track_duration_line(lever, realised, promised, money, verdict);
    track_fewer(n);
    track_more(n);
    track_faster(n);
    track_slower(n);
    chart_track_cash_title;
    chart_track_cash_subtitle;
    chart_track_realised;
    chart_track_start;
    sheet_tracking;
    track_cumulative_heading;
    chart_track_levers_title(month);
    chart_track_levers_subtitle;
    track_verdict_line(lever, realised, promised, verdict);
    h_stratified_note(by);
    seg_stratified(by, stratified, pooled);
    seg_split_fell(change, performance, mix);
    seg_split_rose(change, performance, mix);
    seg_faster_work(by, amount);
    seg_slower_work(by, amount);
    seg_mix_faster(by, amount);
    seg_mix_slower(by, amount);
    seg_one_side;
    seg_small;
    seg_other(n);
    seg_col_cases_today;
    seg_col_cases_after;
    seg_col_monthly;
    seg_col_share;
    // Charts.
    charts_heading;
    chart_kpi_title;
    chart_kpi_subtitle;
    chart_dist_title(metric);
    chart_dist_subtitle;
    chart_dist_subtitle_partial;
    chart_share_done;
    chart_median;
    chart_nine_in_ten;
    chart_waterfall_title;
    chart_waterfall_subtitle(currency);
    chart_risk;
    chart_total;
    chart_maybe_noise;
    chart_zero_savings;
    chart_cash_title;
    chart_cash_subtitle(invest, monthly, npv, months, rate);
    chart_month;
    chart_pays_back(months);
    chart_no_payback(horizon);
    chart_tornado_title;
    chart_segments_title(by);
    chart_segments_subtitle;
    chart_segments_no_case;
    chart_tornado_subtitle;
    chart_expected_npv(npv);
    chart_trend_title;
    chart_trend_subtitle;
    chart_centre(value);
    chart_limits;
    chart_noise;
    chart_no_change;
    omit_kpi;
    omit_distribution;
    omit_tornado;
    omit_tornado_no_investment;
    chart_carry_subtitle(months, rate);
    chart_savings_title;
    chart_level_payback12(amount);
    chart_level_npv0(amount);
    omit_trend;
    chart_dist_title_answered(metric);
    chart_share_answered;
    chart_axis_cut(cut, beyond);
    chart_beyond_side(side, k, n, longest);
    chart_mean_today(value);
    chart_normal_range;
    chart_trend_note;
    chart_partial_week;
    chart_gross;
    chart_risk_adjusted;
    chart_waterfall_title_loss;
    chart_end_value(months, amount);
    chart_undiscounted(npv);
    chart_same_effect;
    chart_not_shown_smaller(list);
    chart_not_varied(list);
    chart_scaled_note(factor);
    chart_kpi_note;
    // The workbook.
    sheet_summary;
    sheet_assumptions;
    sheet_measurements;
    sheet_levers;
    sheet_cash_flows;
    sheet_scenarios;
    sheet_segments;
    xl_intro;
    xl_live;
    xl_values_by_roi;
    xl_not_live;
    unit_cases_per_month;
    stat_hours_per_month;
    stat_breach_share;
    q_volume_ratio;
    q_responses;
    col_range_low;
    col_range_high;
    xl_levers_intro;
    xl_cash_intro;
    sheet_charts;
    xl_npv;
    xl_roi;
    xl_payback;
    xl_irr_monthly;
    xl_irr_annual;
    col_name;
    col_unit;
    col_formula;
    col_proven;
    col_month;
    col_ramp;
    col_benefit;
    col_cost;
    col_net;
    col_discount;
    col_present_value;
    col_cumulative;
    col_payback_step;
    xl_monthly_rate;
    xl_pv_costs;
    xl_max_npv_zero;
    xl_max_payback_12;
    xl_not_given;
    col_stat;
    stat_n;
    stat_mean;
    stat_median;
    stat_p90;
    stat_p95;
    stat_std;
    stat_total;
    stat_per_month;
    stat_lever_inputs;
    // Messages and the commands.
    prefix_warning;
    prefix_error;
    prefix_note;
    note_local_config;
    written(dir, files);
    not_drawn(name, reason);
    check_layout;
    check_delimiter;
    check_encoding;
    check_rows;
    check_window;
    check_columns;
    check_metrics;
    check_warnings;
    check_ok;
    check_problems(n);
    check_more(n);
    layout_long;
    layout_wide;
    layout_events;
    layout_summary;
    role_start(metric);
    role_end(metric);
    role_case;
    role_activity;
    role_event_time;
    w_unmeasured(file, line, metric, list);
    unmeasured_open(cases);
    unmeasured_no_start(cases);
    unmeasured_reversed(cases);
    w_single_event(file, cases);
    w_column_with_unit(file, line, column, header, unit);
    w_column_of_dates(file, line, column, header);
    check_window_ends(first, last, days);
    check_window_dates(first, last, days, column);
    check_window_none;
    role_date;
    role_metric_name;
    role_value;
    role_unit;
    role_metric(metric, unit);
    role_dimension;
    check_cases(n, unit);
    check_rows_total(n, total);
    check_rows_total_unit(n, total, unit);
    check_written_in(units);
    check_not_observed(n);
    check_none;
}

/// Everything one language says.
#[derive(Debug)]
pub struct Catalogue {
    pub lang: Lang,
    pub p: Phrases,
    pub nouns: Nouns,
    /// The built-in metrics' words, by metric name.
    pub metrics: &'static [(&'static str, MetricWords)],
    /// The assumptions' labels, by roi.toml key (rates of built-in metrics included).
    pub assumptions: &'static [(&'static str, &'static str)],
    /// Month names for dates in prose and charts.
    pub months: [&'static str; 12],
    /// Unit symbols in tables: seconds, minutes, hours, days.
    pub units: [&'static str; 4],
}

impl Catalogue {
    /// A built-in metric's words; None for custom metrics.
    pub fn metric(&self, name: &str) -> Option<&MetricWords> {
        self.metrics
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, w)| w)
    }

    /// An assumption's label by key.
    pub fn assumption(&self, key: &str) -> Option<&'static str> {
        self.assumptions
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, l)| *l)
    }
}

/// Fills a template's `{placeholders}` by name; an unknown placeholder stays as written.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_name(&after[..close]) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => out.push_str(v),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A placeholder's name: lower-case ASCII letters, digits and underscores, starting with a
/// letter (`p90_today`).
fn is_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The `{placeholders}` of a template.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_name(&after[..close]) => {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// The text with its first letter in upper case.
pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polish_plurals() {
        let n = pl("błąd", "błędy", "błędów", "błędu");
        let f = |k| plural(k, &n);
        assert_eq!(f(1), "błąd");
        assert_eq!(f(2), "błędy");
        assert_eq!(f(4), "błędy");
        assert_eq!(f(5), "błędów");
        assert_eq!(f(12), "błędów");
        assert_eq!(f(14), "błędów");
        assert_eq!(f(22), "błędy");
        assert_eq!(f(25), "błędów");
        assert_eq!(f(0), "błędów");
        assert_eq!(f(112), "błędów");
        assert_eq!(f(104), "błędy");
        // The form follows the number as shown: a decimal takes the fraction form.
        assert_eq!(n.form("5,4"), "błędu");
        assert_eq!(n.form("1\u{a0}022"), "błędy");
        assert_eq!(n.form("−3"), "błędy");
    }

    #[test]
    fn every_catalogue_has_the_same_phrases_with_declared_placeholders() {
        for (name, params) in PARAMS {
            let used: Vec<Vec<&str>> = Lang::ALL
                .iter()
                .map(|l| {
                    let entries = l.cat().p.entries();
                    let (_, text) = entries
                        .iter()
                        .find(|(n, _)| n == name)
                        .unwrap_or_else(|| panic!("{l:?} lacks {name}"));
                    assert!(!text.trim().is_empty(), "{l:?}: {name} is empty");
                    for p in placeholders(text) {
                        assert!(
                            params.contains(&p),
                            "{l:?}: {name} uses {{{p}}}, not one of its parameters {params:?}"
                        );
                    }
                    placeholders(text)
                })
                .collect();
            for p in *params {
                assert!(
                    used.iter().any(|u| u.contains(p)),
                    "{name}: no catalogue uses its parameter {p}"
                );
            }
        }
        for l in Lang::ALL {
            assert_eq!(l.cat().p.entries().len(), PARAMS.len(), "{l:?}");
            assert_eq!(l.cat().lang, l);
        }
    }

    #[test]
    fn every_metric_and_assumption_has_words_in_every_language() {
        for l in Lang::ALL {
            let cat = l.cat();
            for b in crate::metric::BUILTINS {
                let w = cat
                    .metric(b.name)
                    .unwrap_or_else(|| panic!("{l:?}: no words for {}", b.name));
                assert!(!w.name.is_empty());
            }
            assert_eq!(cat.metrics.len(), crate::metric::BUILTINS.len(), "{l:?}");
            for d in crate::assumptions::table::table(&[]) {
                assert!(
                    cat.assumption(&d.key).is_some(),
                    "{l:?}: no label for {}",
                    d.key
                );
            }
            let keys = |c: &Catalogue| c.assumptions.iter().map(|(k, _)| *k).collect::<Vec<_>>();
            assert_eq!(keys(cat), keys(Lang::En.cat()), "{l:?}");
        }
    }

    #[test]
    fn templates_fill_by_name() {
        assert_eq!(
            fill(
                "{n} {word} of {metric}",
                &[("n", "3"), ("word", "cases"), ("metric", "x")]
            ),
            "3 cases of x"
        );
        assert_eq!(fill("{missing} stays", &[]), "{missing} stays");
        assert_eq!(fill("a {JSON} brace", &[]), "a {JSON} brace");
        assert_eq!(
            placeholders("{a} and {b_c} not {D} {p90}"),
            vec!["a", "b_c", "p90"]
        );
        assert_eq!(fill("within {p90}", &[("p90", "9 h")]), "within 9 h");
    }
}
