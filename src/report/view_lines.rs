//! The COO's views (flow, predictability, quality, uptime, customer, staff time) as one
//! sentence each, for the Markdown and HTML summaries.

use super::Report;
use crate::i18n::Lang;

/// The COO's views as `(view, sentence)` lines, for the Markdown and HTML summaries.
pub fn view_lines(report: &Report) -> Vec<(String, String)> {
    let lang = report.lang;
    let v = &report.views;
    let en = lang == Lang::En;
    let arrow = |p: crate::views::Pair, f: &dyn Fn(f64) -> String| {
        format!("{} → {}", f(p.today), f(p.after))
    };
    let num = |x: f64| lang.auto(x);
    let pct = |x: f64| lang.percent(x);
    let mut out = Vec::new();
    if let Some(f) = &v.flow {
        let mut s = if en {
            format!("throughput {} cases a month", arrow(f.throughput, &num))
        } else {
            format!(
                "przepustowość {} spraw miesięcznie",
                arrow(f.throughput, &num)
            )
        };
        if let Some(w) = f.wip {
            s.push_str(&if en {
                format!("; work in progress {} cases", arrow(w, &num))
            } else {
                format!("; praca w toku {} spraw", arrow(w, &num))
            });
        }
        if let Some(c) = f.capacity_gained {
            s.push_str(&if en {
                format!(
                    "; capacity at today's work in progress {}",
                    lang.signed_percent(c)
                )
            } else {
                format!(
                    "; przepustowość przy dzisiejszej pracy w toku {}",
                    lang.signed_percent(c)
                )
            });
        }
        out.push((if en { "Flow" } else { "Przepływ" }.to_string(), s));
    }
    for p in &v.predictability {
        let unit = |x: f64| format!("{} {}", lang.auto(x), p.unit);
        let mut s = format!(
            "{}: {} {}",
            lang.metric_name(&p.metric),
            lang.words().p90_row,
            arrow(p.p90, &unit)
        );
        if let Some(sp) = p.spread {
            s.push_str(&format!(
                "; p90/{} {}",
                if en { "median" } else { "mediana" },
                arrow(sp, &num)
            ));
        }
        if let Some(cv) = p.cv {
            s.push_str(&format!("; CV {}", arrow(cv, &num)));
        }
        if let (Some(sh), Some(t)) = (p.sla_share, p.sla_target) {
            s.push_str(&format!(
                "; {} {} {} {}",
                lang.words().within_sla,
                lang.trimmed(t),
                p.unit,
                arrow(sh, &pct)
            ));
        }
        out.push((
            if en {
                "Predictability"
            } else {
                "Przewidywalność"
            }
            .to_string(),
            s,
        ));
    }
    if let Some(q) = &v.quality {
        let mut s = if en {
            format!(
                "errors {} a month (at today's volume)",
                arrow(q.per_month, &num)
            )
        } else {
            format!(
                "błędy {} miesięcznie (przy dzisiejszym wolumenie)",
                arrow(q.per_month, &num)
            )
        };
        if let Some(p) = q.per_100_cases {
            s.push_str(&format!("; {} {}", arrow(p, &num), lang.words().per_100));
        }
        s.push_str(&if en {
            format!("; {} avoided a year", lang.number(q.avoided_per_year, 0))
        } else {
            format!("; {} mniej rocznie", lang.number(q.avoided_per_year, 0))
        });
        out.push((if en { "Quality" } else { "Jakość" }.to_string(), s));
    }
    if let Some(u) = &v.uptime {
        let hours = |x: f64| format!("{} h", lang.auto(x));
        let mut s = if en {
            format!(
                "downtime {} a month",
                arrow(u.downtime_hours_per_month, &hours)
            )
        } else {
            format!(
                "przestoje {} miesięcznie",
                arrow(u.downtime_hours_per_month, &hours)
            )
        };
        if let Some(a) = u.availability {
            let av = |x: f64| format!("{}%", lang.number(x * 100.0, 2));
            s.push_str(&format!(
                "; {} {}",
                lang.words().availability,
                arrow(a, &av)
            ));
        }
        s.push_str(&if en {
            format!(
                "; {} productive hours regained a year",
                lang.number(u.productive_hours_regained_per_year, 0)
            )
        } else {
            let n = u.productive_hours_regained_per_year.abs().round() as u64;
            let word = crate::i18n::plural_pl(
                n,
                "odzyskana godzina produktywna",
                "odzyskane godziny produktywne",
                "odzyskanych godzin produktywnych",
            );
            format!(
                "; {} {word} rocznie",
                lang.number(u.productive_hours_regained_per_year, 0)
            )
        });
        out.push((if en { "Uptime" } else { "Dostępność" }.to_string(), s));
    }
    if let Some(c) = &v.customer {
        let unit = |x: f64| format!("{} {}", lang.auto(x), c.unit);
        let mut s = if en {
            format!(
                "first response: median {}, 9 in 10 within {}",
                arrow(c.median, &unit),
                arrow(c.p90, &unit)
            )
        } else {
            format!(
                "pierwsza odpowiedź: mediana {}, 9 na 10 w ciągu {}",
                arrow(c.median, &unit),
                arrow(c.p90, &unit)
            )
        };
        if let Some(b) = c.breaches_avoided_per_month {
            s.push_str(&if en {
                format!("; {} SLA breaches avoided a month", lang.number(b, 0))
            } else {
                let n = b.abs().round() as u64;
                let word = crate::i18n::plural_pl(n, "naruszenie", "naruszenia", "naruszeń");
                format!("; {} {word} SLA mniej miesięcznie", lang.number(b, 0))
            });
        }
        out.push((if en { "Customer" } else { "Klient" }.to_string(), s));
    }
    if let Some(h) = &v.hours_saved {
        let s = if en {
            format!(
                "{} staff hours a month = {} FTE",
                lang.number(h.hours_per_month, 0),
                lang.fte(h.fte)
            )
        } else {
            format!(
                "{} godzin pracy miesięcznie = {} etatu",
                lang.number(h.hours_per_month, 0),
                lang.fte(h.fte)
            )
        };
        out.push((if en { "Staff time" } else { "Czas pracy" }.to_string(), s));
    }
    out
}
