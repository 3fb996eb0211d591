//! Descriptive statistics and confidence intervals on `f64` measurements. Percentiles are
//! Excel's PERCENTILE.INC, so every figure can be reproduced in a spreadsheet.

/// PERCENTILE.INC of an ascending slice: linear interpolation between ranks, rank = p·(n−1).
pub fn percentile_inc(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = p.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = rank.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    let frac = rank - lo as f64;
    Some(sorted[lo] + frac * (sorted[hi] - sorted[lo]))
}

/// PERCENTILE.INC at each of `ps` (ascending fractions) of unsorted values, by selection:
/// the order statistics each needs are found by partitioning around them, O(n log k) for k
/// percentiles instead of a full sort. `values` is reordered; empty gives zeros.
pub fn percentiles_inc(values: &mut [f64], ps: &[f64]) -> Vec<f64> {
    percentiles_inc_by(values, ps, f64::total_cmp, |v| v)
}

/// [`percentiles_inc`] over any keys ordered as their values (`value` gives each key's value):
/// durations kept as scaled integers are selected as integers.
pub fn percentiles_inc_by<T: Copy>(
    keys: &mut [T],
    ps: &[f64],
    cmp: impl Fn(&T, &T) -> std::cmp::Ordering + Copy,
    value: impl Fn(T) -> f64,
) -> Vec<f64> {
    let n = keys.len();
    if n == 0 {
        return vec![0.0; ps.len()];
    }
    let rank = |p: &f64| p.clamp(0.0, 1.0) * (n - 1) as f64;
    let mut ranks: Vec<usize> = ps.iter().map(|p| rank(p).floor() as usize).collect();
    ranks.sort_unstable();
    ranks.dedup();
    select_ranks(keys, 0, &ranks, cmp);
    // The value after each selected one is the smallest of those up to the next selected
    // rank (they lie between the two): a scan, cheaper than selecting it too.
    let next: Vec<f64> = ranks
        .iter()
        .enumerate()
        .map(|(i, &lo)| {
            let end = ranks.get(i + 1).map_or(n, |r| r + 1);
            keys[(lo + 1).min(end)..end]
                .iter()
                .map(|k| value(*k))
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    ps.iter()
        .map(|p| {
            let rank = rank(p);
            let lo = rank.floor() as usize;
            let i = ranks.binary_search(&lo).unwrap_or_default();
            let frac = rank - lo as f64;
            let at = value(keys[lo]);
            if frac == 0.0 || lo + 1 >= n {
                at
            } else {
                at + frac * (next[i] - at)
            }
        })
        .collect()
}

/// Puts the key of each rank (an index into the sorted order; ascending, offset by `base`
/// within `keys`) where a sort would put it.
fn select_ranks<T: Copy>(
    keys: &mut [T],
    base: usize,
    ranks: &[usize],
    cmp: impl Fn(&T, &T) -> std::cmp::Ordering + Copy,
) {
    if ranks.is_empty() || keys.is_empty() {
        return;
    }
    let mid = ranks.len() / 2;
    let k = ranks[mid] - base;
    keys.select_nth_unstable_by(k, cmp);
    let (left, rest) = keys.split_at_mut(k);
    select_ranks(left, base, &ranks[..mid], cmp);
    select_ranks(&mut rest[1..], base + k + 1, &ranks[mid + 1..], cmp);
}

/// Arithmetic mean; None for no values.
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        None
    } else {
        Some(values.iter().sum::<f64>() / values.len() as f64)
    }
}

/// Sample standard deviation (n − 1), two-pass; None below two values (never NaN).
pub fn sample_std(values: &[f64], mean: f64) -> Option<f64> {
    sample_std_of(values.iter().copied(), values.len(), mean)
}

/// [`sample_std`] of `n` values given one by one, in the same order.
pub fn sample_std_of(values: impl Iterator<Item = f64>, n: usize, mean: f64) -> Option<f64> {
    if n < 2 {
        return None;
    }
    let ss: f64 = values.map(|v| (v - mean) * (v - mean)).sum();
    Some((ss / (n - 1) as f64).sqrt())
}

/// 95% interval for the difference of two means (after − today), Welch's t with the
/// Welch–Satterthwaite degrees of freedom. None unless both sides have two values and some
/// spread.
pub fn welch_ci95(today: (f64, f64, usize), after: (f64, f64, usize)) -> Option<(f64, f64)> {
    let (m1, s1, n1) = today;
    let (m2, s2, n2) = after;
    if n1 < 2 || n2 < 2 {
        return None;
    }
    let v1 = s1 * s1 / n1 as f64;
    let v2 = s2 * s2 / n2 as f64;
    let se2 = v1 + v2;
    let diff = m2 - m1;
    if se2 <= 0.0 {
        // No spread on either side: the difference is exact.
        return Some((diff, diff));
    }
    let df = se2 * se2 / (v1 * v1 / (n1 as f64 - 1.0) + v2 * v2 / (n2 as f64 - 1.0));
    let t = t_quantile_975(df);
    let half = t * se2.sqrt();
    Some((diff - half, diff + half))
}

/// The 97.5% quantile of Student's t with `df` degrees of freedom (T.INV.2T(0.05, df) in
/// Excel): from [`T_EXPANSION_DF`] degrees of freedom on, the expansion in 1/df; below,
/// Newton's method on the exact tail, checked on it; bisection, which stops at 1000, where
/// Newton does not settle or lands beyond 1000 (a fraction of one degree of freedom).
pub fn t_quantile_975(df: f64) -> f64 {
    if !df.is_finite() {
        return Z_975;
    }
    if df >= T_EXPANSION_DF {
        return expansion_975(df);
    }
    match newton_975(df) {
        Some(t) if t < 1000.0 => t,
        _ => bisect_975(df),
    }
}

/// The normal distribution's 97.5% point.
const Z_975: f64 = 1.959_963_984_540_054;

/// From this many degrees of freedom on, the expansion's five terms are the quantile to
/// within a few 1e-16 of it (5e-16 at 300, 1e-16 from 500 on, against 40-digit arithmetic):
/// nearer than the continued fraction of the tail gets, whose terms cancel as df grows.
const T_EXPANSION_DF: f64 = 300.0;

/// The 97.5% quantile by the Cornish-Fisher expansion of the normal point z in powers of
/// 1/df (Abramowitz and Stegun 26.7.5), its first five terms.
fn expansion_975(df: f64) -> f64 {
    let (z, z2) = (Z_975, Z_975 * Z_975);
    let g = [
        z * (z2 + 1.0) / 4.0,
        z * ((5.0 * z2 + 16.0) * z2 + 3.0) / 96.0,
        z * (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) / 384.0,
        z * ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) / 92_160.0,
        z * (((((27.0 * z2 + 339.0) * z2 + 930.0) * z2 - 1782.0) * z2 - 765.0) * z2 + 17_955.0)
            / 368_640.0,
    ];
    z + g.iter().rev().fold(0.0, |r, g| (r + g) / df)
}

/// The 97.5% quantile by halving [0, 1000] until the bracket stops moving (about 60 halvings,
/// to adjacent doubles), each halving evaluating the exact tail.
fn bisect_975(df: f64) -> f64 {
    let (mut lo, mut hi) = (0.0_f64, 1000.0_f64);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        let before = (lo, hi);
        if t_upper_tail(mid, df) > 0.025 {
            lo = mid;
        } else {
            hi = mid;
        }
        if (lo, hi) == before {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// The 97.5% quantile from the Cornish-Fisher expansion of the normal quantile, then
/// Newton's method on the exact tail (convex, so it closes in from one side) until a step is
/// below 1e-13 of the point: some four evaluations of the tail where bisection takes sixty.
/// Checked: the exact tail a relative 1e-11 either side is above 2.5% and at or below it.
/// `None` if it does not settle or the check fails.
fn newton_975(df: f64) -> Option<f64> {
    let (z, z2, v) = (Z_975, Z_975 * Z_975, df);
    let mut t = z
        + z * (z2 + 1.0) / (4.0 * v)
        + z * ((5.0 * z2 + 16.0) * z2 + 3.0) / (96.0 * v * v)
        + z * (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) / (384.0 * v * v * v);
    // The density's constant: Γ((ν+1)/2) / (Γ(ν/2) √(νπ)).
    let ln_c = ln_gamma_half_step(v / 2.0) - 0.5 * (v * std::f64::consts::PI).ln();
    let mut settled = false;
    for _ in 0..40 {
        if !(t.is_finite() && t > 0.0) {
            return None;
        }
        let density = (ln_c - (v + 1.0) / 2.0 * (t * t / v).ln_1p()).exp();
        let step = (t_upper_tail(t, df) - 0.025) / density;
        t += step;
        if step.abs() <= 1e-13 * t {
            settled = true;
            break;
        }
    }
    let (below, above) = (t * (1.0 - 1e-11), t * (1.0 + 1e-11));
    (settled
        && below > 0.0
        && above.is_finite()
        && t_upper_tail(below, df) > 0.025
        && t_upper_tail(above, df) <= 0.025)
        .then_some(t)
}

/// P(T > t) for t ≥ 0: ½·I_x(df/2, ½) with x = df / (df + t²), and 1 − x = t² / (df + t²)
/// as its own quotient (at large df, x is within a few 1e-7 of 1).
fn t_upper_tail(t: f64, df: f64) -> f64 {
    let t2 = t * t;
    0.5 * inc_beta(df / 2.0, 0.5, df / (df + t2), t2 / (df + t2))
}

/// Regularized incomplete beta I_x(a, b) by its continued fraction (Lentz); `y` is 1 − x,
/// given apart so that neither loses its digits near 1 (ln x as ln(1 − y) by ln_1p: a·ln x
/// at a of millions is where the digits went).
fn inc_beta(a: f64, b: f64, x: f64, y: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if y <= 0.0 {
        return 1.0;
    }
    // −ln B(a, b); with b = ½ (Student's t) as the difference of ln Γ a half apart, which
    // keeps its digits at large a.
    let ln_inv_beta = if b == 0.5 {
        ln_gamma_half_step(a) - 0.5 * std::f64::consts::PI.ln()
    } else {
        ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b)
    };
    let ln_x = if x > 0.5 { (-y).ln_1p() } else { x.ln() };
    let ln_y = if y > 0.5 { (-x).ln_1p() } else { y.ln() };
    let front = (ln_inv_beta + a * ln_x + b * ln_y).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_cf(a, b, x, y) / a
    } else {
        1.0 - front * beta_cf(b, a, y, x) / b
    }
}

/// The continued fraction of I_x(a, b), `y` being 1 − x: its first term 1 − (a + b)·x/(a + 1)
/// is ((1 − b) + (a + b)·y)/(a + 1), which does not cancel to a few digits when x is near 1
/// and a is large (2e-10 of the tail at nine million degrees of freedom).
fn beta_cf(a: f64, b: f64, x: f64, y: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = ((1.0 - b) + qab * y) / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=300 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// ln Γ(a + ½) − ln Γ(a). From a = 20 on, Stirling's series of the two differenced term by
/// term: a·ln(1 + 1/(2a)) − ½ + ½·ln a + S(a + ½) − S(a), every part a few units at most,
/// where the two ln Γ of some a·ln a each (Lanczos, to 1e-16 of that) lose the difference's
/// last digits as a grows (1e-11 of Student's t point at 10^5 degrees of freedom). S's
/// first omitted term is below 1e-15 there.
fn ln_gamma_half_step(a: f64) -> f64 {
    if a < 20.0 {
        return ln_gamma(a + 0.5) - ln_gamma(a);
    }
    // S(z) = 1/(12z) − 1/(360z³) + 1/(1260z⁵) − 1/(1680z⁷) + 1/(1188z⁹).
    let s = |z: f64| {
        let w = 1.0 / (z * z);
        (1.0 / 12.0 - w * (1.0 / 360.0 - w * (1.0 / 1260.0 - w * (1.0 / 1680.0 - w / 1188.0)))) / z
    };
    a * (0.5 / a).ln_1p() - 0.5 + 0.5 * a.ln() + (s(a + 0.5) - s(a))
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9).
fn ln_gamma(x: f64) -> f64 {
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + 7.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// 95% interval for the difference of two per-month rates (after − today) of summed
/// quantities. Each side's total is treated as compound Poisson, whose variance is
/// estimated by the sum of squared observations (for counts of one event a row, the count
/// itself); normal approximation. `after_scale` multiplies the after rate (volume ratio).
pub fn rate_ci95(today: (f64, f64, f64), after: (f64, f64, f64), after_scale: f64) -> (f64, f64) {
    let (total_t, sumsq_t, months_t) = today;
    let (total_a, sumsq_a, months_a) = after;
    let diff = total_a / months_a * after_scale - total_t / months_t;
    let var = sumsq_t / (months_t * months_t)
        + sumsq_a * after_scale * after_scale / (months_a * months_a);
    let half = 1.959_963_984_540_054 * var.sqrt();
    (diff - half, diff + half)
}

/// 95% interval for the difference of two proportions (after − today), Wald's normal
/// approximation. None without cases on a side.
pub fn proportion_diff_ci95(today: (f64, u64), after: (f64, u64)) -> Option<(f64, f64)> {
    let (p1, n1) = today;
    let (p2, n2) = after;
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let se = (p1 * (1.0 - p1) / n1 as f64 + p2 * (1.0 - p2) / n2 as f64).sqrt();
    let diff = p2 - p1;
    let half = 1.959_963_984_540_054 * se;
    Some((diff - half, diff + half))
}

/// Natural process limits around a given centre: `centre` ± 2.66 × the mean moving range of
/// `points`, the lower not below zero; None below two points.
pub fn xmr_limits_around(centre: f64, points: &[f64]) -> Option<(f64, f64)> {
    if points.len() < 2 {
        return None;
    }
    let mr =
        points.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / (points.len() - 1) as f64;
    Some(((centre - 2.66 * mr).max(0.0), centre + 2.66 * mr))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn process_limits_around_the_mean() {
        // Weeks 5, 6, 4: moving ranges 1 and 2, mean 1.5; 2.66 × 1.5 = 3.99 around 5.2.
        let (lo, hi) = xmr_limits_around(5.2, &[5.0, 6.0, 4.0]).unwrap();
        assert!(close(lo, 1.21, 1e-12) && close(hi, 9.19, 1e-12));
        assert_eq!(xmr_limits_around(5.0, &[5.0]), None);
        // The lower limit stops at zero.
        assert_eq!(xmr_limits_around(1.0, &[0.0, 3.0]).unwrap().0, 0.0);
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn percentile_inc_matches_excel() {
        // Excel: PERCENTILE.INC({1,2,3,4,5,6,7,8,9,10}, 0.9) = 9.1; 0.95 = 9.55; 0.5 = 5.5
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert!(close(percentile_inc(&v, 0.9).unwrap(), 9.1, 1e-12));
        assert!(close(percentile_inc(&v, 0.95).unwrap(), 9.55, 1e-12));
        assert!(close(percentile_inc(&v, 0.5).unwrap(), 5.5, 1e-12));
        // PERCENTILE.INC({15,20,35,40,50}, 0.4) = 29
        assert!(close(
            percentile_inc(&[15.0, 20.0, 35.0, 40.0, 50.0], 0.4).unwrap(),
            29.0,
            1e-12
        ));
        assert_eq!(percentile_inc(&[7.0], 0.9), Some(7.0));
        assert_eq!(percentile_inc(&[], 0.9), None);
    }

    #[test]
    fn selected_percentiles_equal_sorted_ones() {
        // A deterministic jumble with ties: selection gives what a full sort gives.
        let mut state = 7u64;
        let values: Vec<f64> = (0..5001)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                ((state >> 40) % 997) as f64 / 7.0
            })
            .collect();
        let mut sorted = values.clone();
        sorted.sort_unstable_by(f64::total_cmp);
        let ps: Vec<f64> = (0..=100).map(|i| f64::from(i) / 100.0).collect();
        let mut jumbled = values.clone();
        let got = percentiles_inc(&mut jumbled, &ps);
        for (p, g) in ps.iter().zip(&got) {
            assert_eq!(
                g.to_bits(),
                percentile_inc(&sorted, *p).unwrap().to_bits(),
                "{p}"
            );
        }
        assert_eq!(percentiles_inc(&mut [3.0], &[0.0, 0.5, 1.0]), vec![3.0; 3]);
    }

    #[test]
    fn std_is_sample_std() {
        // STDEV.S(2,4,4,4,5,5,7,9) = 2.138089935
        let v = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert!(close(sample_std(&v, 5.0).unwrap(), 2.138_089_935, 1e-9));
        assert_eq!(sample_std(&[3.0], 3.0), None);
    }

    #[test]
    fn t_quantiles_by_newton_are_bisection_s_to_a_few_ulps() {
        // Welch's degrees of freedom are any positive number: small, fractional and large.
        let mut dfs = vec![0.05, 0.3, 0.5, 1.0, 1.5, 2.0, 3.7, 19.190_34, 299.9];
        dfs.extend((1..219).map(|i| f64::from(i) * 1.37));
        let mut newton = 0;
        let mut worst = 0.0_f64;
        for df in dfs {
            let (t, b) = (t_quantile_975(df), bisect_975(df));
            newton += usize::from(newton_975(df).is_some());
            // Both within the tail's own rounding of the exact point: 1e-14 of it (about
            // 45 ulps; the printed figures have 9 decimals).
            worst = worst.max((t - b).abs() / b);
        }
        // The computed tail's own rounding moves the point by up to some 1e-14 of it at a
        // few hundred degrees of freedom: the two methods agree to that.
        assert!(worst <= 5e-14, "{worst:e}");
        // Newton settles for all but the smallest fractions of a degree of freedom.
        assert!(newton >= 224, "{newton}");
        // Beyond 1000, as bisection, the quantile stops there.
        assert_eq!(t_quantile_975(0.05), bisect_975(0.05));
        assert!((999.0..=1000.0).contains(&t_quantile_975(0.05)));
    }

    #[test]
    fn ln_gamma_half_steps_match_40_digit_arithmetic() {
        // mpmath at 40 digits: loggamma(a + 1/2) - loggamma(a), either side of 20 and up to
        // the half of ten million degrees of freedom and beyond.
        for (a, exact) in [
            (0.25, -1.084_741_573_266_782_f64),
            (3.7, 0.620_483_310_295_201_9),
            (19.5, 1.478_797_678_238_397),
            (20.0, 1.491_616_787_331_304),
            (20.5, 1.504_115_486_222_686_9),
            (50.0, 1.953_511_544_375_741_2),
            (154.81, 2.520_291_839_300_202_4),
            (500.0, 3.107_054_049_252_762_5),
            (61_728.35, 5.515_247_267_861_356),
            (4.5e6, 7.659_793_949_592_496),
            (1e8, 9.210_340_370_726_183),
        ] {
            let got = ln_gamma_half_step(a);
            assert!(
                (got - exact).abs() <= 4e-15 * exact.abs().max(1.0),
                "{a}: {got} vs {exact}"
            );
        }
    }

    #[test]
    fn t_quantiles_match_40_digit_arithmetic() {
        // mpmath at 40 digits: findroot of betainc(df/2, 1/2, 0, df/(df+t²)) / 2 = 0.025.
        for (df, exact) in [
            (0.5, 164.557_673_480_488_53),
            (1.0, 12.706_204_736_174_705),
            (1.5, 6.016_663_104_427_932),
            (3.7, 2.867_520_707_191_189_5),
            (19.190_34, 2.091_619_864_334_416_7),
            (299.9, 1.967_905_669_009_763_6),
            (300.0, 1.967_903_011_261_087),
            (309.62, 1.967_655_393_214_205_8),
            (1000.0, 1.962_339_080_826_408_5),
            (123_456.7, 1.959_983_200_136_232_7),
            (9e6, 1.959_964_248_125_781_3),
            (1e8, 1.959_964_008_262_766_8),
            (3.5e9, 1.959_963_985_217_846),
        ] {
            // Newton's, below 300 degrees of freedom, within a few 1e-15; the expansion's,
            // from there on, within a few 1e-16. (Newton's on the continued fraction was
            // 7e-13 off at a hundred thousand and 3e-11 at nine million, and the normal
            // point taken beyond ten million 1e-7.)
            let t = t_quantile_975(df);
            let within = if df < 300.0 { 1e-14 } else { 6e-16 };
            assert!(
                (t - exact).abs() <= within * exact,
                "df {df}: {t} vs {exact}"
            );
        }
        // No degrees of freedom to speak of: the normal point.
        assert_eq!(t_quantile_975(f64::INFINITY), Z_975);
    }

    #[test]
    fn t_quantiles_match_tables() {
        // T.INV.2T(0.05, df)
        assert!(close(t_quantile_975(1.0), 12.706_204_74, 1e-6));
        assert!(close(t_quantile_975(2.0), 4.302_652_73, 1e-7));
        assert!(close(t_quantile_975(5.0), 2.570_581_84, 1e-7));
        assert!(close(t_quantile_975(10.0), 2.228_138_85, 1e-7));
        assert!(close(t_quantile_975(30.0), 2.042_272_46, 1e-7));
        assert!(close(t_quantile_975(1000.0), 1.962_339_08, 1e-7));
    }

    #[test]
    fn welch_interval_by_hand() {
        // today: mean 10, s 2, n 10; after: mean 8, s 3, n 12.
        // v1 = 0.4, v2 = 0.75, se = sqrt(1.15) = 1.0723805
        // df = 1.3225 / (0.16/9 + 0.5625/11) = 1.3225 / 0.0689141 = 19.19034
        // t(0.975, 19.19) = 2.0917 (between 2.093 at 19 and 2.086 at 20)
        let (lo, hi) = welch_ci95((10.0, 2.0, 10), (8.0, 3.0, 12)).unwrap();
        assert!(close(lo, -2.0 - 2.0917 * 1.072_380_5, 2e-3), "{lo}");
        assert!(close(hi, -2.0 + 2.0917 * 1.072_380_5, 2e-3), "{hi}");
        assert_eq!(welch_ci95((1.0, 0.0, 1), (2.0, 0.0, 5)), None);
        assert_eq!(welch_ci95((1.0, 0.0, 3), (2.0, 0.0, 3)), Some((1.0, 1.0)));
    }

    #[test]
    fn proportion_interval_by_hand() {
        // 50% of 100 vs 80% of 100: diff 0.3, se = sqrt(0.0025 + 0.0016) = 0.0640312
        let (lo, hi) = proportion_diff_ci95((0.5, 100), (0.8, 100)).unwrap();
        assert!(close(lo, 0.3 - 1.959_964 * 0.064_031_24, 1e-6));
        assert!(close(hi, 0.3 + 1.959_964 * 0.064_031_24, 1e-6));
        assert_eq!(proportion_diff_ci95((0.5, 0), (0.8, 10)), None);
    }

    #[test]
    fn rate_interval_by_hand() {
        // 100 single errors in 1 month vs 64 in 1 month: diff −36, se = sqrt(164) = 12.806
        let (lo, hi) = rate_ci95((100.0, 100.0, 1.0), (64.0, 64.0, 1.0), 1.0);
        assert!(close(lo, -36.0 - 1.959_964 * 12.806_248, 1e-4));
        assert!(close(hi, -36.0 + 1.959_964 * 12.806_248, 1e-4));
    }
}
