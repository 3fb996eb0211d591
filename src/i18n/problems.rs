//! Problems and errors in words: each message's words from the language's catalogue, filled
//! with its values; a problem as `file:line:column: what was found; expected what would do`.

use super::catalogue::Lang;
use super::template::fill;
use crate::error::{Problem, RoiError};
use crate::message::{Arg, Msg};

impl Lang {
    /// A message in this language.
    pub fn msg(self, m: &Msg) -> String {
        let words: Vec<(&str, String)> = m
            .args
            .iter()
            .map(|(name, arg)| {
                let text = match arg {
                    Arg::Text(t) => t.clone(),
                    Arg::Msg(inner) => self.msg(inner),
                    Arg::And(names) => self.joined(names, self.cat().p.list_and),
                    Arg::Or(names) => self.joined(names, self.cat().p.list_or),
                    Arg::Names(names) => names
                        .iter()
                        .map(|n| self.msg(&crate::message::msg!(name_to_type, name = n)))
                        .collect::<Vec<_>>()
                        .join(", "),
                    Arg::Metric(key) => self.metric_named(key),
                    Arg::Metrics(keys) => {
                        let named: Vec<String> =
                            keys.iter().map(|k| self.metric_named(k)).collect();
                        self.joined(&named, self.cat().p.list_and)
                    }
                };
                (*name, text)
            })
            .collect();
        let args: Vec<(&str, &str)> = words.iter().map(|(n, t)| (*n, t.as_str())).collect();
        fill(self.cat().messages.get(m.key), &args)
    }

    /// A metric in a message: its key, or its name in this language's words.
    fn metric_named(self, key: &str) -> String {
        let name = self
            .cat()
            .metric(key)
            .map_or_else(|| key.replace('_', " "), |w| w.name.to_string());
        self.msg(&crate::message::msg!(metric_named, key = key, name = name))
    }

    /// Names joined as this language joins a list: `a, b and c`.
    fn joined(self, names: &[String], last: &str) -> String {
        match names {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., end] => format!("{}{last}{end}", rest.join(", ")),
        }
    }

    /// A problem in this language: where, what was found, what would be accepted.
    pub fn problem(self, p: &Problem) -> String {
        let mut s = format!(
            "{}: {}",
            p.place(),
            crate::escape::visible(&self.msg(&p.found))
        );
        if let Some(e) = &p.expected {
            // roi's own words, some on several lines: not escaped.
            s.push_str(&self.msg(&crate::message::msg!(
                problem_expected,
                expected = e.clone()
            )));
        }
        s
    }

    /// An error in this language; several problems one a line.
    pub fn error(self, e: &RoiError) -> String {
        match e {
            RoiError::Input { problems, more } => {
                let mut lines: Vec<String> = problems.iter().map(|p| self.problem(p)).collect();
                if *more > 0 {
                    lines.push(self.msg(&crate::message::msg!(more_problems, n = *more)));
                }
                lines.join("\n")
            }
            RoiError::Read { path, source } => self.msg(&crate::message::msg!(
                cannot_read,
                path = path,
                reason = source.to_string()
            )),
            RoiError::Write { path, source } => self.msg(&crate::message::msg!(
                cannot_write,
                path = path,
                reason = source.to_string()
            )),
            RoiError::Folder { path, why } => self.msg(&crate::message::msg!(
                cannot_write,
                path = path,
                reason = self.msg(why)
            )),
            RoiError::Reported => self.msg(&crate::message::msg!(problems_found)),
            RoiError::Magnitude {
                lever,
                amount,
                terms,
            } => self.msg(&crate::message::msg!(
                magnitude,
                lever = lever,
                amount = amount,
                terms = terms
            )),
            RoiError::Chart { name, message } => self.msg(&crate::message::msg!(
                chart_failed,
                name = name,
                reason = message
            )),
            RoiError::Font => self.msg(&crate::message::msg!(font_failed)),
        }
    }
}
