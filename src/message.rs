//! Messages as data: a problem or an error is a [`Key`] — which message — and the values it
//! is filled with, never a sentence. Each language's catalogue gives every key its words
//! ([`Messages`]); they are chosen where the message is shown, in the `--lang` asked for.
//! This file declares every message and its parameters once.

/// Declares the messages: each a key, with the `{placeholders}` its words are filled with.
macro_rules! messages {
    ($($key:ident $(($($param:ident),*))?;)*) => {
        /// Which message a problem or an error says.
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key {
            $($key,)*
        }

        /// Every message in one language.
        #[derive(Debug)]
        pub struct Messages {
            $(pub $key: &'static str,)*
        }

        impl Messages {
            /// The words of a message.
            pub fn get(&self, key: Key) -> &'static str {
                match key {
                    $(Key::$key => self.$key,)*
                }
            }

            /// Each message by name, in the order of [`PARAMS`].
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($key), self.$key),)*]
            }
        }

        /// Each message's name and the parameters the code fills in.
        pub const PARAMS: &[(&str, &[&str])] = &[
            $((stringify!($key), &[$($(stringify!($param)),*)?]),)*
        ];
    };
}

/// A message: its key and the values of its parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Msg {
    pub key: Key,
    pub args: Vec<(&'static str, Arg)>,
}

/// A value a message is filled with.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Text as it stands: what the user wrote (a cell, a column, a key), a name, a number.
    Text(String),
    /// A message of its own, worded in the same language (a hint, a kind of value).
    Msg(Box<Msg>),
    /// Names joined as the language joins a list: `errors, downtime and complaints`.
    And(Vec<String>),
    /// Names joined as alternatives: `sla or total`.
    Or(Vec<String>),
    /// Names to type (keys, columns), listed as the language lists them.
    Names(Vec<String>),
    /// A metric by its key (`cycle_time`), named as the language names it.
    Metric(String),
    /// Metrics by their keys, joined as a list.
    Metrics(Vec<String>),
}

/// A metric by its key, for a message.
pub fn metric(key: &str) -> Arg {
    Arg::Metric(key.to_string())
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}

impl From<Msg> for Arg {
    fn from(m: Msg) -> Self {
        Arg::Msg(Box::new(m))
    }
}

macro_rules! arg_from_display {
    ($($t:ty),*) => {
        $(impl From<$t> for Arg {
            fn from(v: $t) -> Self {
                Arg::Text(v.to_string())
            }
        })*
    };
}
arg_from_display!(u8, u32, u64, usize, i32, i64, f64, char);

/// A message: `msg!(key)` or `msg!(key, name = value, …)`, each value anything an [`Arg`]
/// is made from.
macro_rules! msg {
    ($key:ident $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::message::Msg {
            key: $crate::message::Key::$key,
            args: vec![$((stringify!($name), $crate::message::Arg::from($value)),)*],
        }
    };
}
pub(crate) use msg;

messages! {
    // How a problem and an error read.
    problem_expected(expected);
    more_problems(n);
    did_you_mean(name);
    nothing;
    // Errors that are not a place in a file.
    cannot_read(path, reason);
    cannot_write(path, reason);
    folder_of_other_command(other, this);
    folder_where_file_goes;
    file_not_roi_own;
    report_replaces_input;
    too_many_segments(by);
    fewer_segments;
    magnitude(lever, amount, terms);
    chart_failed(name, reason);
    font_failed;
    problems_found;
    // The summary layout.
    sum_unknown_column(column);
    one_of(list);
    row_unreadable(reason);
    fields_like_header(n);
    no_metric_name;
    a_metric_such_as;
    unknown_unit(unit);
    a_unit(units);
    unit_not_fit(unit, metric);
    unit_for_count;
    unit_for_duration(units);
    stat_not_number(value, column);
    a_number_like;
    stat_not_date(value, column);
    a_date_like;
    days_differ_row(days, earlier);
    one_window;
    days_not_number(value);
    days_whole;
    week_not_date(value);
    week_first_day;
    metric_twice(metric, line);
    one_row_per_metric;
    days_differ_span(days, span);
    days_equal_span;
    last_before_first;
    first_before_last;
    only_one_day_bound;
    both_day_bounds;
    n_not_positive(n);
    n_whole;
    negative_std(std);
    std_nonneg;
    within_sla_bad(within, n);
    within_sla_range;
    within_sla_no_n;
    n_beside_within;
    stat_below(high, high_value, low, low_value);
    stat_order(high, low);
    mean_outside(mean, min, max);
    mean_between;
    duration_no_mean;
    mean_beside_n;
    duration_no_n;
    n_beside_mean;
    count_no_total;
    total_or_n_mean;
    units_accepted;
    cannot_read_file(reason);
    a_readable_file;
    summary_no_header;
    a_csv_summary;
    summary_no_window(metrics);
    summary_window_fix(key);
    file_no_window(metrics);
    file_window_fix(key);
    // Reading a file: its header and layout.
    header_columns_more(list, n);
    did_you_mean_quoted(name);
    config_column_missing(name, what, hint, headers);
    column_name_exactly;
    events_case_column;
    events_activity_column;
    events_timestamp_column;
    span_start_column(metric);
    span_end_column(metric);
    second_role_column(column, header, role, first);
    one_role_column(role);
    metric_no_value(headers);
    need_value_column;
    value_no_metric(headers);
    need_metric_column;
    column_gives_unit(header, metric, unit);
    no_unit_for_count;
    a_duration_unit(units);
    second_metric_column(header, metric, first);
    one_column_per_metric;
    column_unknown_unit(header, metric, unit);
    a_unit_such_as(units);
    no_metric_in_header(headers);
    layout_expected;
    // Reading rows and cells.
    by_events(by);
    by_needs_layout;
    by_no_dims;
    by_one_of(columns);
    by_no_column(by);
    row_fields(fields, width);
    row_fields_expected(width, delimiter);
    unit_cell_unknown(unit, metric);
    unit_for_count_short;
    metric_name_empty;
    a_metric_such_as_long;
    not_whole(value, metric);
    a_whole_count;
    a_count_like;
    a_duration_like;
    value_not_number(value, metric);
    or_empty_na(what);
    value_not_finite(value, metric);
    leave_empty_na(what);
    value_negative(value, metric);
    zero_or_more(what);
    value_too_large(value, metric);
    at_most_billion(what);
    // Dates and timestamps.
    timestamps_expected;
    dates_expected;
    stamp_ambiguous(value);
    stamp_invalid_dmy(value);
    stamp_invalid_mdy(value);
    stamp_invalid(value);
    date_not_calendar(value);
    event_no_time;
    event_time_expected;
    event_no_case;
    event_case_expected;
    no_date_for_months;
    date_or_month;
    dates_ambiguous;
    set_date_format;
    // Files that cannot be read.
    line_too_long;
    ordinary_rows;
    open_quote;
    closing_quote;
    binary_data;
    csv_not_workbook;
    mixed_encoding;
    one_encoding;
    file_empty;
    csv_with_header;
    header_no_rows;
    one_row_under_header;
    only_blank_lines;
    header_and_rows;
    file_unreadable(reason);
    not_csv(reason);
    a_csv_file;
    no_sheet(sheet);
    one_of_sheets(sheets);
    no_sheets;
    sheet_with_rows;
    sheet_empty(sheet);
    sheet_no_rows;
    workbook_unreadable(reason);
    a_workbook;
    // roi track and its case.
    case_expected;
    case_not_json(reason);
    case_format(format, reads);
    case_no_track;
    case_edited;
    case_money_too_large(field, value);
    no_dated_month;
    months_expected;
    not_a_month(value);
    a_month;
    // Commands.
    both_stdin;
    one_stdin;
    read_failed;
    a_readable_csv;
    init_exists;
    init_expected;
    // roi.toml.
    kind_text;
    kind_whole;
    kind_number;
    kind_bool;
    kind_date;
    kind_list;
    kind_section;
    quoted(value);
    key_not_number(key, kind);
    key_unusable_number(key, value);
    key_not_text(key);
    currency_not_iso(value);
    key_out_of_range(key, value);
    unknown_key(key, hint);
    field_not_column(field, value);
    basis_bad(section, value);
    basis_expected;
    toml_syntax(reason);
    valid_toml;
    not_utf8(byte);
    utf8_expected;
    range_from(unit, min, max, example);
    range_above(unit, min, max, example);
    money_range(example);
    vk_fraction;
    vk_months;
    vk_hours;
    vk_cases;
    vk_days;
    ex_fraction;
    currency_code;
    metrics_not_section(kind);
    metrics_sections;
    key_not_section(key, kind);
    a_section(key);
    custom_is_builtin(name, builtin);
    another_name_builtin;
    custom_reserved(name);
    another_name_than(names);
    custom_unusable(name);
    name_chars;
    metric_not_section(name, kind);
    metric_section_expected(name);
    kind_unknown(value, hint);
    kinds;
    label_unusable(name);
    label_expected;
    custom_no_kind(name);
    kind_expected;
    custom_unit_bad(unit, kind);
    count_word;
    sla_not_section;
    sla_expected;
    sla_no_metric(metric, hint);
    a_case_duration_metric;
    sla_not_duration(metric);
    sla_unusable(metric);
    sla_target_expected;
    columns_not_section;
    columns_expected;
    date_format_bad(value);
    date_format_expected;
    not_a_mapping(key);
    mapping_expected;
    mapping_kind(key, kind);
    date_has_unit;
    date_column_expected;
    columns_no_metric(key, hint);
    builtin_declared_or_date;
    columns_unit_unknown(unit, key);
    timestamp_column_expected;
    builtin_or_declared;
    span_not_duration(key, metric);
    span_only_for_cases;
    span_needs_both(key);
    span_example(key);
    events_not_section;
    events_section;
    event_column_expected;
    rework_bad(value);
    true_or_false;
    events_missing(fields);
    events_columns;
    calendar_not_section;
    calendar_section;
    hours_bad(value);
    hours_expected;
    days_bad(value);
    days_expected;
    holiday_bad(value);
    holiday_expected;
    holidays_bad(value);
    holidays_expected;
    report_not_section;
    report_section;
    report_field_bad(field, value);
    text_in_quotes;
    text_per_language;
    report_text_long(field, max);
    report_text_shorter(max);
    activity_expected;
    metric_named(key, name);
    role_metric;
    role_value;
    role_unit;
    role_date;
    name_to_type(name);
    input_not_section;
    input_section;
    texts_bad(key, value);
    texts_expected(key);
    missing_token_number(value);
    missing_token_expected;
    with_missing_hint(expected, value);
    // A [columns] mapping whose column is not in the file.
    mapping_no_date_column(column, hint, headers);
    mapping_no_metric_column(metric, column, hint, headers);
    mapping_no_span_columns(metric, start, end, headers);
    mapping_column_expected;
    hint_did_you_mean_column(name);
    // Typos are errors: a name close to a metric.
    metric_near_miss(name, hint, rows);
    column_near_miss(header, hint);
    near_miss_expected(name);
    // A case-duration metric on one side only.
    case_metric_one_side(metric, has, n);
    case_metric_both_sides;
    sla_by_bad(dim, value);
    sla_by_expected;
    sla_met_bad(value);
    sla_met_expected;
    sla_flag_bad(value);
    sla_flag_expected;
    mapping_no_sla_column(column, hint, headers);
    mapping_no_sla_dim(column, hint, headers);
    sla_cases_bad(known, n);
    sla_cases_range;
    within_sla_above_known(within, known);
    file_window_fix_column(column, key);
    headline_bad(value);
    headline_expected;
    benefit_bad(key, value);
    benefit_expected;
    benefits_not_section;
    benefits_section;
    stated_not_sections(kind);
    stated_sections;
    stated_too_many(n);
    stated_at_most(most);
    stated_twice(name);
    stated_once;
    stated_text_bad(field, value);
    stated_no_name;
    stated_name_expected;
    stated_amount_expected;
    stated_month_expected(first, last);
    stated_month_bad(field, value, name);
    stated_orphan(name, field, needs);
    stated_orphan_expected(needs, field);
    stated_empty(name);
    note_field_bad(key, field, value);
    note_no_value(key);
    note_expected(key);
    range_one_end(key, field, missing);
    range_expected(key);
    range_order(key, low, value, high);
    range_order_expected;
    // A metric with a change that the control cannot match.
    control_lacks_metric(metric);
    control_same_export;
    control_not_section;
    control_section;
    control_field_bad(field, value);
    control_field_expected;
    control_missing(field);
    control_stdin;
    control_files;
    control_lacks_segment(by, segment);
    control_same_segments(by);
    targets_not_section;
    targets_section;
    target_no_metric(metric, hint);
    target_twice(metric);
    target_bad(metric, value);
    target_count_expected;
    target_duration_expected;
    project_no_targets;
    project_target_unmeasured(metric);
    project_target_measured;
    project_target_below_zero(target, metric);
    project_target_smaller;
    not_projected_case;
    projected_case_expected;
    stat_out_of_range(column, value);
    a_stat_in_range;
    case_in_out(dir);
    another_out;
    logo_unreadable(path, reason);
    logo_too_large(path);
    logo_not_image(path);
    logo_expected;
    sql_name_unsafe(key, name);
    sql_name_expected;
    file_too_large(mib);
    file_at_most(mib);
    sheet_too_large(sheet, from, to);
    sheet_at_most(cells);
    workbook_unpacks(unpacked, packed, part, largest);
    workbook_unpacks_at_most(most, ratio);
    workbook_part_overflows(part, declared);
    workbook_parts_as_declared;
}
