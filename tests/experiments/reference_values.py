#!/usr/bin/env python3
"""Independent reference values for tests/experiments/*_test.cpp.

Run: python3 tests/experiments/reference_values.py [path/to/cookie_cats.csv]

Everything here is computed from first principles on raw data (not from the C++ sums), with the
Python standard library (math.erf, statistics) and mpmath 1.3 (installed on the machine; used only
for Student-t tail areas and quantiles by numerical integration of the density, an algorithm
unrelated to Boost.Math's incomplete-beta routines). scipy/statsmodels are not available.
"""
import math
import statistics
import sys

import mpmath

mpmath.mp.dps = 30


def phi(z):  # standard normal cdf
    return 0.5 * math.erfc(-z / math.sqrt(2))


def pdf(z):
    return math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)


def z_quantile(p):
    return float(mpmath.sqrt(2) * mpmath.erfinv(2 * mpmath.mpf(p) - 1))


def t_density(x, df):
    df = mpmath.mpf(df)
    c = mpmath.gamma((df + 1) / 2) / (mpmath.sqrt(df * mpmath.pi) * mpmath.gamma(df / 2))
    return c * (1 + x * x / df) ** (-(df + 1) / 2)


def t_sf(t, df):  # P(T > t) by quadrature of the density
    return float(mpmath.quad(lambda x: t_density(x, df), [t, mpmath.inf]))


def t_quantile(p, df):  # upper quantile: P(T <= q) = p
    return float(mpmath.findroot(lambda q: 1 - t_sf(q, df) - p, z_quantile(p)))


def section(title):
    print(f"\n== {title}")


def welch():
    section("Welch t test, Wikipedia 'Welch's t-test' example 1")
    a1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
    a2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]
    # treatment = a2, control = a1
    m1, m2 = statistics.fmean(a1), statistics.fmean(a2)
    v1, v2 = statistics.variance(a1) / len(a1), statistics.variance(a2) / len(a2)
    diff, se = m2 - m1, math.sqrt(v1 + v2)
    df = (v1 + v2) ** 2 / (v1 ** 2 / (len(a1) - 1) + v2 ** 2 / (len(a2) - 1))
    t = diff / se
    p = 2 * t_sf(abs(t), df)
    q = t_quantile(0.975, df)
    print(f"sum1={sum(a1)!r} sumsq1={sum(x*x for x in a1)!r}")
    print(f"sum2={sum(a2)!r} sumsq2={sum(x*x for x in a2)!r}")
    print(f"diff={diff:.12g} se={se:.12g} t={t:.12g} df={df:.12g} p={p:.12g}")
    print(f"ci=({diff - q*se:.12g}, {diff + q*se:.12g})")
    # relative lift by the delta method, same df
    lift = diff / m1
    vrel = v2 / m1**2 + m2**2 * v1 / m1**4
    print(f"lift={lift:.12g} se_rel={math.sqrt(vrel):.12g} p_rel={2*t_sf(abs(lift/math.sqrt(vrel)), df):.12g}")


def two_proportions(n_c, x_c, n_t, x_t, label):
    section(f"two proportions, unpooled z test: {label}")
    pc, pt = x_c / n_c, x_t / n_t
    vc, vt = pc * (1 - pc) / n_c, pt * (1 - pt) / n_t
    diff, se = pt - pc, math.sqrt(vc + vt)
    z = diff / se
    zq = z_quantile(0.975)
    print(f"pc={pc:.12g} pt={pt:.12g} diff={diff:.12g} se={se:.12g} z={z:.12g} p={2*phi(-abs(z)):.12g}")
    print(f"ci=({diff - zq*se:.12g}, {diff + zq*se:.12g})")
    lift = diff / pc
    se_rel = math.sqrt(vt / pc**2 + pt**2 * vc / pc**4)
    zr = lift / se_rel
    print(f"lift={lift:.12g} se_rel={se_rel:.12g} p_rel={2*phi(-abs(zr)):.12g} "
          f"ci_rel=({lift - zq*se_rel:.12g}, {lift + zq*se_rel:.12g})")
    return lift, se_rel


def bayes(lift, se, prior_mean=None, prior_var=None, higher=True):
    var = se * se
    if prior_var is not None:
        prec = 1 / prior_var + 1 / var
        mean = (prior_mean / prior_var + lift / var) / prec
        var = 1 / prec
    else:
        mean = lift
    sd = math.sqrt(var)
    g = 1 if higher else -1
    m = g * mean
    ctw = phi(m / sd)
    # E[max(0, -X)], X ~ N(m, sd^2), by numerical integration (not the closed form)
    loss = float(mpmath.quad(lambda x: max(0, -x) * mpmath.npdf(x, m, sd), [-mpmath.inf, 0, mpmath.inf]))
    closs = float(mpmath.quad(lambda x: max(0, x) * mpmath.npdf(x, m, sd), [-mpmath.inf, 0, mpmath.inf]))
    print(f"posterior mean={mean:.12g} sd={sd:.12g} ctw={ctw:.12g} loss={loss:.12g} control_loss={closs:.12g}")


def ratio_metric():
    section("ratio metric (delta method) from raw units")
    # unit = a day: (cost, conversions)
    ctrl = [(120, 10), (95, 7), (130, 12), (110, 8), (140, 13), (100, 9), (125, 11), (90, 6)]
    trt = [(118, 12), (101, 10), (128, 14), (99, 9), (135, 15), (97, 11), (122, 12), (94, 9), (110, 10)]
    out = []
    for name, arm in (("control", ctrl), ("treatment", trt)):
        n = len(arm)
        M = [m for m, _ in arm]
        D = [d for _, d in arm]
        mm, md = statistics.fmean(M), statistics.fmean(D)
        r = sum(M) / sum(D)
        vm, vd = statistics.variance(M), statistics.variance(D)
        cov = sum((a - mm) * (b - md) for a, b in arm) / (n - 1)
        var_r = (vm - 2 * r * cov + r * r * vd) / (md * md) / n
        print(f"{name}: n={n} sumM={sum(M)} sumM2={sum(m*m for m in M)} sumD={sum(D)} "
              f"sumD2={sum(d*d for d in D)} sumMD={sum(m*d for m, d in arm)} ratio={r:.12g} var={var_r:.12g}")
        out.append((n, r, var_r))
    (nc, rc, vc), (nt, rt, vt) = out
    diff, se = rt - rc, math.sqrt(vc + vt)
    df = (vc + vt) ** 2 / (vc ** 2 / (nc - 1) + vt ** 2 / (nt - 1))
    print(f"diff={diff:.12g} se={se:.12g} df={df:.12g} p={2*t_sf(abs(diff/se), df):.12g}")
    lift = diff / rc
    se_rel = math.sqrt(vt / rc**2 + rt**2 * vc / rc**4)
    print(f"lift={lift:.12g} se_rel={se_rel:.12g} p_rel={2*t_sf(abs(lift/se_rel), df):.12g}")


def sequential():
    section("asymptotic confidence sequence (Waudby-Smith et al.)")
    for s2, n, alpha, tuning in ((0.25, 10000, 0.05, 5000), (4.0, 1234, 0.01, 5000), (0.25, 200, 0.05, 100000)):
        rho2 = (2 * math.log(1 / alpha) + math.log(1 + 2 * math.log(1 / alpha))) / tuning
        # Howard et al.'s normal-mixture form, V = N s2, rho_H = s2 / rho2, as a cross-check
        V, rh = n * s2, s2 / rho2
        hw_howard = math.sqrt((V + rh) * math.log((V + rh) / (rh * alpha * alpha))) / n
        hw = math.sqrt(s2) * math.sqrt(2 * (n * rho2 + 1) / (n * n * rho2) * math.log(math.sqrt(n * rho2 + 1) / alpha))
        print(f"s2={s2} N={n} alpha={alpha} tuning={tuning}: half_width={hw:.12g} (howard form {hw_howard:.12g})")
    # anytime p-value: the alpha at which the half-width equals the estimate (bisection)
    s2, n, alpha, tuning, est = 0.25, 10000, 0.05, 5000, 0.025
    rho2 = (2 * math.log(1 / alpha) + math.log(1 + 2 * math.log(1 / alpha))) / tuning
    def hw(a):
        return math.sqrt(s2 * 2 * (n * rho2 + 1) / (n * n * rho2) * math.log(math.sqrt(n * rho2 + 1) / a))
    lo, hi = 1e-300, 1.0
    for _ in range(2000):
        mid = math.sqrt(lo * hi)
        (lo, hi) = (mid, hi) if hw(mid) > est else (lo, mid)
    print(f"anytime p for estimate {est}: {hi:.12g}")


def srm():
    section("SRM chi-square (closed-form tails: df=1 erfc(sqrt(x/2)), df=2 exp(-x/2))")
    for units, weights in (([5050, 4950], [0.5, 0.5]), ([3400, 3300, 3100], [1/3, 1/3, 1/3]),
                           ([44700, 45489], [0.5, 0.5]), ([5200, 4800], [0.5, 0.5])):
        total = sum(units)
        x = sum((u - total * w) ** 2 / (total * w) for u, w in zip(units, weights))
        p = math.erfc(math.sqrt(x / 2)) if len(units) == 2 else math.exp(-x / 2)
        print(f"{units}: chi2={x:.12g} p={p:.12g}")


def corrections():
    section("Holm and Benjamini-Hochberg on Benjamini & Hochberg (1995)'s 15 p-values")
    p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262,
         0.5719, 0.6528, 0.7590, 1.0000]
    m = len(p)
    # Holm by definition: adjusted p_(i) = max_{j<=i} min(1, (m-j+1) p_(j))
    holm = [max(min(1, (m - j) * p[j]) for j in range(i + 1)) for i in range(m)]
    # BH by definition: adjusted p_(i) = min_{j>=i} min(1, m p_(j) / j)
    bh = [min(min(1, m * p[j] / (j + 1)) for j in range(i, m)) for i in range(m)]
    print("holm=", [round(x, 10) for x in holm])
    print("bh=", [round(x, 10) for x in bh])
    print("rejected at 0.05: holm", sum(x <= 0.05 for x in holm), "bh", sum(x <= 0.05 for x in bh))


def power():
    section("power / sample size: absolute test (lift_test=false) and the lift's delta-method test")
    za, zb = z_quantile(0.975), z_quantile(0.8)

    def total(s0, s1, delta):
        return (za * math.sqrt(s0) + zb * math.sqrt(s1)) ** 2 / delta ** 2

    def proportion(p1, lift, lift_test, wc=0.5, wt=0.5):
        p2 = p1 * (1 + lift)
        vc, vt = p1 * (1 - p1), p2 * (1 - p2)
        s0 = vc / wc + vc / wt
        s1 = (1 + lift) ** 2 * vc / wc + vt / wt if lift_test else vc / wc + vt / wt
        return total(s0, s1, p2 - p1)

    print(f"Evan Miller's formula, p=0.20 -> 0.22: per variant {proportion(0.2, 0.1, False) / 2:.10g}")
    print(f"  same, lift test: per variant {proportion(0.2, 0.1, True) / 2:.10g}")
    print(f"p=0.05, +10%: per variant absolute {proportion(0.05, 0.1, False) / 2:.10g}, "
          f"lift {proportion(0.05, 0.1, True) / 2:.10g}")
    # mean metric: sigma=30, baseline 50, 5% relative -> delta 2.5
    var, base, lift = 900.0, 50.0, 0.05
    for lift_test in (False, True):
        k = (1 + lift) ** 2 if lift_test else 1
        n = total(var / 0.5 + var / 0.5, k * var / 0.5 + var / 0.5, base * lift)
        N, wc, wt = 10000, 0.2, 0.8
        s0 = math.sqrt(var / wc + var / wt)
        s1 = math.sqrt(k * var / wc + var / wt)
        pw = phi((base * lift - za * s0 / math.sqrt(N)) / (s1 / math.sqrt(N)))

        def power_for(e):
            kk = (1 + e) ** 2 if lift_test else 1
            s1e = math.sqrt(kk * var / wc + var / wt)
            return phi((base * e - za * s0 / math.sqrt(N)) / (s1e / math.sqrt(N)))
        lo, hi = 0.0, 1.0
        for _ in range(200):
            mid = (lo + hi) / 2
            (lo, hi) = (mid, hi) if power_for(mid) < 0.8 else (lo, mid)
        print(f"mean metric sigma 30, +5% of 50, lift_test={lift_test}: total {n:.10g}; "
              f"power at N=10000 shares 0.2/0.8 {pw:.12g}; detectable {hi:.12g}")


def cookie_cats(path):
    section("cookie cats from the CSV")
    import csv
    counts = {}
    rounds = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            v = row["version"]
            c = counts.setdefault(v, [0, 0, 0])
            c[0] += 1
            c[1] += row["retention_1"] == "TRUE"
            c[2] += row["retention_7"] == "TRUE"
            rounds.setdefault(v, []).append(float(row["sum_gamerounds"]))
    print(counts)
    (n30, r1_30, r7_30), (n40, r1_40, r7_40) = counts["gate_30"], counts["gate_40"]
    l7, s7 = two_proportions(n30, r7_30, n40, r7_40, "retention_7")
    bayes(l7, s7)
    two_proportions(n30, r1_30, n40, r1_40, "retention_1")
    a, b = rounds["gate_30"], rounds["gate_40"]
    va, vb = statistics.variance(a) / len(a), statistics.variance(b) / len(b)
    d = statistics.fmean(b) - statistics.fmean(a)
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    print(f"sum_gamerounds: means {statistics.fmean(a):.10g} {statistics.fmean(b):.10g} diff={d:.10g} "
          f"se={math.sqrt(va+vb):.10g} df={df:.10g} p={2*t_sf(abs(d/math.sqrt(va+vb)), df):.10g}")


if __name__ == "__main__":
    welch()
    lift, se = two_proportions(10000, 1000, 10000, 1100, "10.0% vs 11.0% of 10,000 each")
    section("Bayesian: flat prior, and N(0, 0.3^2) prior, on that lift")
    bayes(lift, se)
    bayes(lift, se, 0.0, 0.09)
    section("Bayesian: lower is better, prior N(0.02, 0.01)")
    bayes(lift, se, 0.02, 0.01, higher=False)
    ratio_metric()
    sequential()
    srm()
    corrections()
    power()
    if len(sys.argv) > 1:
        cookie_cats(sys.argv[1])
