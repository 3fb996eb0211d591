//! Every `[columns]` mapping is honoured or is a problem: a mapping dropped without a word
//! would give a different, plausible case (docs/method.md#reading-the-files).

use super::layout::{ColumnKind, Columns, shown};
use crate::error::Problem;
use crate::message::{Msg, msg};
use crate::metric::{closest, normalize_name};
use crate::registry::Registry;

/// The problems of the mappings this file's header cannot honour: a date column it lacks,
/// and in the wide layout a metric's column or a span's two columns it lacks (unless the
/// file carries that metric under its own name).
pub(super) fn unhonoured(
    headers: &[String],
    cols: &Columns,
    registry: &Registry,
    file: &str,
    line: u64,
) -> Vec<Problem> {
    let normal: Vec<String> = headers.iter().map(|h| normalize_name(h)).collect();
    let has = |name: &str| normal.contains(&normalize_name(name));
    let hint = |name: &str| column_hint(name, headers, &normal);
    let problem =
        |found: Msg| Problem::at(file, line, None).says(found, msg!(mapping_column_expected));
    let mut out = Vec::new();
    let events = matches!(cols.kind, ColumnKind::Events { .. });
    if let Some(d) = registry.date_map()
        && cols.date.is_none()
        && !events
    {
        out.push(problem(msg!(
            mapping_no_date_column,
            column = d,
            hint = hint(d),
            headers = shown(headers)
        )));
    }
    let ColumnKind::Wide { metrics, spans } = &cols.kind else {
        return out;
    };
    let carried = |metric: &str| {
        metrics
            .iter()
            .map(|m| m.id)
            .chain(spans.iter().map(|s| s.id))
            .any(|id| registry.def(id).name == metric)
    };
    for m in registry.column_maps() {
        if !has(&m.column) && !carried(&m.metric) {
            out.push(problem(msg!(
                mapping_no_metric_column,
                metric = m.metric.as_str(),
                column = m.column.as_str(),
                hint = hint(&m.column),
                headers = shown(headers)
            )));
        }
    }
    for s in &registry.rules.spans {
        let name = registry
            .lookup(&s.metric)
            .map_or(s.metric.clone(), |id| registry.def(id).name.clone());
        if !has(&s.start) && !has(&s.end) && !carried(&name) {
            out.push(problem(msg!(
                mapping_no_span_columns,
                metric = s.metric.as_str(),
                start = s.start.as_str(),
                end = s.end.as_str(),
                headers = shown(headers)
            )));
        }
    }
    out
}

/// "; did you mean 'opened_at'?" for a column name the header lacks: the closest header, or
/// one that holds the name whole (`opened` for `opened_at`); nothing when none is near.
/// `normal` is the header normalised.
pub(super) fn column_hint(name: &str, headers: &[String], normal: &[String]) -> Msg {
    let n = normalize_name(name);
    closest(&n, normal.iter().map(String::as_str))
        .and_then(|c| normal.iter().position(|x| x == c))
        .or_else(|| {
            normal
                .iter()
                .position(|x| !n.is_empty() && x.contains(n.as_str()))
        })
        .map_or(msg!(nothing), |i| {
            msg!(hint_did_you_mean_column, name = headers[i].as_str())
        })
}
