//! The values of a case duration, kept for its percentiles. Exports write durations as
//! decimals with few places (`4.5`, `12`, `0.25`): while every value so far is an exact
//! multiple of 10⁻ᵏ (k ≤ 6) that fits in 32 bits, the multiples are kept, four bytes a value
//! instead of eight; the first value that is not moves them all to `f64`. Either way each
//! value comes back bit for bit as it was added (m / 10ᵏ is the double nearest to the
//! decimal, whatever k), so every statistic is the same as from a plain vector.

use crate::stats;

/// 10ᵏ for the scales kept.
const POW10: [f64; 7] = [1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6];

#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// Each value is `m / 10^k`.
    Scaled {
        k: usize,
        ints: Vec<i32>,
    },
    Float(Vec<f64>),
}

impl Default for Values {
    fn default() -> Self {
        Values::Scaled {
            k: 0,
            ints: Vec::new(),
        }
    }
}

/// `v` as a whole number of 10⁻ᵏ, when it is one exactly and fits.
fn scaled(v: f64, k: usize) -> Option<i32> {
    let m = (v * POW10[k]).round();
    (m.abs() < f64::from(i32::MAX) && m / POW10[k] == v).then_some(m as i32)
}

impl Values {
    pub fn push(&mut self, v: f64) {
        match self {
            Values::Float(f) => f.push(v),
            Values::Scaled { k, ints } => {
                if let Some(m) = scaled(v, *k) {
                    ints.push(m);
                    return;
                }
                // More decimal places: rescale what is kept, if it still fits.
                let largest = ints.iter().map(|m| m.unsigned_abs()).max().unwrap_or(0);
                for k2 in *k + 1..POW10.len() {
                    let Some(m) = scaled(v, k2) else { continue };
                    let factor = 10_i64.pow((k2 - *k) as u32);
                    if i64::from(largest) * factor < i64::from(i32::MAX) {
                        let f = factor as i32;
                        ints.iter_mut().for_each(|x| *x *= f);
                        ints.push(m);
                        *k = k2;
                        return;
                    }
                    break;
                }
                let div = POW10[*k];
                let mut floats: Vec<f64> = ints.iter().map(|m| f64::from(*m) / div).collect();
                floats.push(v);
                *self = Values::Float(floats);
            }
        }
    }

    /// Adds `v`, known to be exactly `m / 10^places` (as parsed from its digits): kept as a
    /// whole number without any check while the scale allows.
    #[inline]
    pub fn push_decimal(&mut self, v: f64, m: u64, places: usize) {
        if let Values::Scaled { k, ints } = self
            && places <= *k
            && let Some(x) = m.checked_mul(10_u64.pow((*k - places) as u32))
            && x < i32::MAX as u64
        {
            ints.push(x as i32);
            return;
        }
        self.push(v);
    }

    /// Adds every value of `other`, in its order: as whole numbers at once while both keep
    /// the same scale (m / 10ᵏ is then the same double), else one by one.
    pub fn extend_from(&mut self, other: &Values) {
        if self.is_empty() {
            other.clone_into(self);
            return;
        }
        match (&mut *self, other) {
            (Values::Scaled { k, ints }, Values::Scaled { k: k2, ints: more }) if *k == *k2 => {
                ints.extend_from_slice(more);
            }
            // Fewer places: each m times 10^(k − k2), when none of them overflows.
            (Values::Scaled { k, ints }, Values::Scaled { k: k2, ints: more })
                if *k2 < *k
                    && more.iter().all(|m| {
                        i64::from(*m).abs() * 10_i64.pow((*k - *k2) as u32) < i64::from(i32::MAX)
                    }) =>
            {
                let f = 10_i32.pow((*k - *k2) as u32);
                ints.extend(more.iter().map(|m| m * f));
            }
            (Values::Float(f), Values::Float(more)) => f.extend_from_slice(more),
            _ => {
                for v in other.iter() {
                    self.push(v);
                }
            }
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Values::Scaled { ints, .. } => ints.len(),
            Values::Float(f) => f.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every value, in the order added (until [`Values::percentiles_inc`] reorders them).
    pub fn iter(&self) -> Box<dyn Iterator<Item = f64> + '_> {
        match self {
            Values::Scaled { k, ints } => {
                let div = POW10[*k];
                Box::new(ints.iter().map(move |m| f64::from(*m) / div))
            }
            Values::Float(f) => Box::new(f.iter().copied()),
        }
    }

    /// Σ f(value), in the order added (the loop chosen once, not per value).
    pub fn sum_of(&self, f: impl Fn(f64) -> f64) -> f64 {
        match self {
            Values::Scaled { k, ints } => {
                let div = POW10[*k];
                ints.iter().map(|m| f(f64::from(*m) / div)).sum()
            }
            Values::Float(v) => v.iter().map(|x| f(*x)).sum(),
        }
    }

    /// How many values are at or below `t`.
    pub fn count_at_most(&self, t: f64) -> usize {
        match self {
            Values::Scaled { k, ints } => {
                let div = POW10[*k];
                ints.iter().filter(|m| f64::from(**m) / div <= t).count()
            }
            Values::Float(v) => v.iter().filter(|x| **x <= t).count(),
        }
    }

    /// These values grouped: a value whose tag is `t` goes to group `group[t]`, the groups one
    /// after another, each in the order its values were added (a stable counting sort), with
    /// where each group starts (and, last, where the values end). The same scale, so every
    /// value is the same bit for bit.
    pub fn grouped(&self, tags: &[u32], group: &[u32], groups: usize) -> (Values, Vec<usize>) {
        let of = |t: &u32| group.get(*t as usize).map_or(0, |g| *g as usize);
        let mut starts = vec![0usize; groups + 1];
        for t in tags.iter().take(self.len()) {
            starts[of(t) + 1] += 1;
        }
        for g in 0..groups {
            starts[g + 1] += starts[g];
        }
        let mut next = starts.clone();
        let mut place = |t: &u32| {
            let at = &mut next[of(t)];
            *at += 1;
            *at - 1
        };
        let n = starts[groups];
        let out = match self {
            Values::Scaled { k, ints } => {
                let mut out = vec![0i32; n];
                for (m, t) in ints.iter().zip(tags) {
                    out[place(t)] = *m;
                }
                Values::Scaled { k: *k, ints: out }
            }
            Values::Float(f) => {
                let mut out = vec![0.0f64; n];
                for (v, t) in f.iter().zip(tags) {
                    out[place(t)] = *v;
                }
                Values::Float(out)
            }
        };
        (out, starts)
    }

    /// The values at `range`, in their order, at the same scale.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Values {
        match self {
            Values::Scaled { k, ints } => Values::Scaled {
                k: *k,
                ints: ints[range].to_vec(),
            },
            Values::Float(f) => Values::Float(f[range].to_vec()),
        }
    }

    /// Σ (value − `mean`)² and the count at or below `t` (0 without one) of the values at
    /// `range`, in their order: [`Values::sum_of`] and [`Values::count_at_most`] of those
    /// values alone, bit for bit.
    pub fn spread(&self, range: std::ops::Range<usize>, mean: f64, t: Option<f64>) -> (f64, usize) {
        // Never true against NaN: no target, no count.
        let t = t.unwrap_or(f64::NAN);
        fn of(vs: impl Iterator<Item = f64>, mean: f64, t: f64) -> (f64, usize) {
            vs.fold((0.0, 0), |(ss, at_most), v| {
                (ss + (v - mean) * (v - mean), at_most + usize::from(v <= t))
            })
        }
        match self {
            Values::Scaled { k, ints } => {
                let div = POW10[*k];
                of(ints[range].iter().map(|m| f64::from(*m) / div), mean, t)
            }
            Values::Float(f) => of(f[range].iter().copied(), mean, t),
        }
    }

    /// PERCENTILE.INC at each of `ps` (ascending), by selection; reorders the values.
    pub fn percentiles_inc(&mut self, ps: &[f64]) -> Vec<f64> {
        match self {
            Values::Scaled { k, ints } => {
                let div = POW10[*k];
                stats::percentiles_inc_by(ints, ps, i32::cmp, |m| f64::from(m) / div)
            }
            Values::Float(f) => stats::percentiles_inc(f, ps),
        }
    }
}

impl From<Vec<f64>> for Values {
    fn from(v: Vec<f64>) -> Self {
        let mut out = Values::default();
        for x in v {
            out.push(x);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(input: &[f64]) -> Values {
        let v = Values::from(input.to_vec());
        let back: Vec<u64> = v.iter().map(f64::to_bits).collect();
        let want: Vec<u64> = input.iter().map(|x| x.to_bits()).collect();
        assert_eq!(back, want, "{v:?}");
        v
    }

    #[test]
    fn decimals_are_kept_as_scaled_integers_and_come_back_exactly() {
        assert_eq!(
            round_trip(&[4.0, 12.0, 7.0]),
            Values::Scaled {
                k: 0,
                ints: vec![4, 12, 7]
            }
        );
        // A value with more places rescales the ones before it.
        assert_eq!(
            round_trip(&[4.0, 6.9, 0.25, 1.005]),
            Values::Scaled {
                k: 3,
                ints: vec![4000, 6900, 250, 1005]
            }
        );
        // Values no scale holds exactly, or too large for 32 bits, make it floats.
        assert!(matches!(round_trip(&[1.5, 1.0 / 3.0]), Values::Float(_)));
        assert!(matches!(round_trip(&[0.5, 3e9]), Values::Float(_)));
        assert!(matches!(
            round_trip(&[9_999_999.5, 0.001]),
            Values::Float(_)
        ));
        round_trip(&[0.1, 0.2, 0.3, 1e-6, 2147.483647, 0.0]);
    }

    #[test]
    fn percentiles_are_the_same_as_from_floats() {
        let input: Vec<f64> = (0..1000)
            .map(|i| f64::from((i * 7919) % 1013) / 10.0)
            .collect();
        let ps: Vec<f64> = (0..=100).map(|i| f64::from(i) / 100.0).collect();
        let mut scaled = Values::from(input.clone());
        assert!(matches!(scaled, Values::Scaled { k: 1, .. }));
        let mut floats = input;
        let a = scaled.percentiles_inc(&ps);
        let b = stats::percentiles_inc(&mut floats, &ps);
        assert_eq!(
            a.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            b.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn extending_keeps_every_value_bit_for_bit() {
        let bits = |v: &Values| v.iter().map(f64::to_bits).collect::<Vec<_>>();
        let want = |xs: &[f64]| xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        // Into nothing; then the same scale; then fewer places (4 and 12 as 4.00, 12.00).
        let mut v = Values::default();
        v.extend_from(&Values::from(vec![0.25, 1.5]));
        v.extend_from(&Values::from(vec![0.75]));
        v.extend_from(&Values::from(vec![4.0, 12.0]));
        assert_eq!(
            v,
            Values::Scaled {
                k: 2,
                ints: vec![25, 150, 75, 400, 1200]
            }
        );
        // More places than kept, and values no scale holds.
        v.extend_from(&Values::from(vec![0.001]));
        v.extend_from(&Values::from(vec![1.0 / 3.0]));
        v.extend_from(&Values::from(vec![2.5]));
        assert!(matches!(v, Values::Float(_)));
        assert_eq!(
            bits(&v),
            want(&[0.25, 1.5, 0.75, 4.0, 12.0, 0.001, 1.0 / 3.0, 2.5])
        );
        // Fewer places whose multiples would not fit in 32 bits: one by one, as floats.
        let mut w = Values::from(vec![0.000_001]);
        w.extend_from(&Values::from(vec![3000.0]));
        assert_eq!(bits(&w), want(&[0.000_001, 3000.0]));
    }
}
