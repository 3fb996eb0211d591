//! A lever's formula: terms — measured figures and assumptions, each rounded to 6 decimal
//! places — evaluated in Decimal as (today − after × scale) × factors and rounded to cents
//! half away from zero. The same terms are the workbook's named cells.

use crate::assumptions::Source;
use crate::money::cents;
use crate::summarize::Side;
use rust_decimal::Decimal;
use rust_decimal::prelude::*;
use serde::Serialize;

/// A statistic measured in one file, as a lever uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stat {
    /// Mean of a case duration, in hours.
    Mean,
    /// A count a month (the after side before any scaling).
    PerMonth,
    /// A period duration, hours a month.
    HoursPerMonth,
    /// Share of cases over the SLA target.
    BreachShare,
}

/// What a term of a formula is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "of", rename_all = "snake_case")]
pub enum Quantity {
    /// A statistic of a metric measured in one file.
    Measured {
        metric: String,
        stat: Stat,
        side: Side,
    },
    /// A statistic of a metric measured in one of the control site's files.
    Control {
        metric: String,
        stat: Stat,
        side: Side,
    },
    /// Today's measured cases a month ÷ the after-period's: scales after-side counts to
    /// today's volume.
    VolumeRatio,
    /// The same ratio at the control site.
    ControlVolumeRatio,
    /// Response cases a month today: the volume the SLA lever is priced at.
    ResponsesPerMonth,
    /// An assumption by roi.toml key (the volume, when measured, has source `data`).
    Assumption { key: String },
}

impl Quantity {
    /// A stable identifier: `cycle_time_mean_today`, `volume_ratio`, `rates.hourly_cost`.
    pub fn id(&self) -> String {
        let stat_id = |stat: &Stat| match stat {
            Stat::Mean => "mean",
            Stat::PerMonth => "per_month",
            Stat::HoursPerMonth => "hours_per_month",
            Stat::BreachShare => "breach_share",
        };
        match self {
            Quantity::Measured { metric, stat, side } => {
                format!("{metric}_{}_{}", stat_id(stat), side.as_str())
            }
            Quantity::Control { metric, stat, side } => {
                format!("control_{metric}_{}_{}", stat_id(stat), side.as_str())
            }
            Quantity::VolumeRatio => "volume_ratio".into(),
            Quantity::ControlVolumeRatio => "control_volume_ratio".into(),
            Quantity::ResponsesPerMonth => "responses_per_month".into(),
            Quantity::Assumption { key } => key.clone(),
        }
    }
}

/// What a term is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TermUnit {
    Hours,
    /// Units counted a month.
    PerMonth,
    HoursPerMonth,
    /// A fraction of cases (breach share) or of time (labor share).
    Share,
    /// A plain ratio.
    Ratio,
    CasesPerMonth,
    ResponsesPerMonth,
    /// Money per hour.
    MoneyPerHour,
    /// Money per unit counted.
    MoneyPerUnit,
    /// Money per SLA breach.
    MoneyPerBreach,
    /// The share of freed staff time counted as money (`capacity_recapture`).
    Counted,
}

/// One term of a lever's formula: a quantity, its value as the formula uses it (6 decimal
/// places), its unit and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    #[serde(flatten)]
    pub quantity: Quantity,
    #[serde(serialize_with = "decimal_as_number")]
    pub value: Decimal,
    pub unit: TermUnit,
    pub source: Source,
}

fn decimal_as_number<S: serde::Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.to_f64().unwrap_or(0.0))
}

/// A lever's monthly benefit: (today − after × after_scale) × Π factors; with a control
/// site, ((today − after × after_scale) − (control today − control after × its scale)) ×
/// Π factors: the difference in differences.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Formula {
    pub today: Term,
    pub after: Term,
    pub after_scale: Option<Term>,
    pub factors: Vec<Term>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control: Option<ControlTerms>,
}

/// The control site's side of a lever's formula: its own improvement, in the same terms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ControlTerms {
    pub today: Term,
    pub after: Term,
    pub after_scale: Option<Term>,
}

impl ControlTerms {
    /// The control's own improvement (today − after × scale).
    pub fn improvement(&self) -> Decimal {
        let after = match &self.after_scale {
            Some(s) => self.after.value.saturating_mul(s.value),
            None => self.after.value,
        };
        self.today.value.saturating_sub(after)
    }
}

impl Formula {
    /// Every term, in the order of the formula.
    pub fn terms(&self) -> impl Iterator<Item = &Term> {
        let control = self.control.iter().flat_map(|c| {
            [&c.today, &c.after]
                .into_iter()
                .chain(c.after_scale.as_ref())
        });
        [&self.today, &self.after]
            .into_iter()
            .chain(self.after_scale.as_ref())
            .chain(control)
            .chain(&self.factors)
    }

    /// The treated site's own improvement (today − after × scale), in the metric's terms.
    pub fn own_improvement(&self) -> Decimal {
        let after = match &self.after_scale {
            Some(s) => self.after.value.saturating_mul(s.value),
            None => self.after.value,
        };
        self.today.value.saturating_sub(after)
    }

    /// The improvement the lever counts: the treated site's, less the control's with one.
    pub fn improvement(&self) -> Decimal {
        match &self.control {
            Some(c) => self.own_improvement().saturating_sub(c.improvement()),
            None => self.own_improvement(),
        }
    }

    /// What one unit of improvement is worth a month: the product of the factors.
    pub fn per_unit(&self) -> Decimal {
        self.factors
            .iter()
            .fold(Decimal::ONE, |acc, t| acc.saturating_mul(t.value))
    }

    /// The monthly benefit, rounded to cents.
    pub fn value(&self) -> Decimal {
        cents(self.improvement().saturating_mul(self.per_unit()))
    }

    /// The monthly benefit with the terms of one assumption at another value.
    /// The value with the assumption `key` multiplied by `factor` (a sensitivity step on a
    /// segment's own figure, such as its volume).
    pub fn value_scaled(&self, key: &str, factor: Decimal) -> Decimal {
        let mut f = self.clone();
        for t in f.factors.iter_mut() {
            if matches!(&t.quantity, Quantity::Assumption { key: k } if k == key) {
                t.value *= factor;
            }
        }
        f.value()
    }

    pub fn value_with(&self, key: &str, value: Decimal) -> Decimal {
        let mut f = self.clone();
        for t in f.factors.iter_mut() {
            if matches!(&t.quantity, Quantity::Assumption { key: k } if k == key) {
                t.value = value;
            }
        }
        f.value()
    }

    /// The terms by name and value, for a message about the figure (`(cycle_time_mean_today
    /// 6.05 − cycle_time_mean_after 4.33) × …`).
    pub fn describe(&self) -> String {
        let t = |t: &Term| format!("{} {}", t.quantity.id(), t.value.normalize());
        let mut s = format!("({} − {}", t(&self.today), t(&self.after));
        if let Some(scale) = &self.after_scale {
            s.push_str(&format!(" × {}", t(scale)));
        }
        if let Some(c) = &self.control {
            s = format!("({s}) − ({} − {}", t(&c.today), t(&c.after));
            if let Some(scale) = &c.after_scale {
                s.push_str(&format!(" × {}", t(scale)));
            }
            s.push(')');
        }
        s.push(')');
        for f in &self.factors {
            s.push_str(&format!(" × {}", t(f)));
        }
        s
    }
}
