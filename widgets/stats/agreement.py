"""Agreement statistics for the workshop report.

Each student's agreement with the key is ICC(2,1), absolute agreement, single rater
(Shrout & Fleiss 1979 case 2; McGraw & Wong 1996 "A,1"), with its 95% confidence interval
and the Koo & Li (2016) band. The formulas are the ones pingouin's `intraclass_corr` uses,
applied to every student at once with numpy: one pingouin call costs about 7 ms, which for a
class of hundreds would dominate the report; the tests check every student's value against
pingouin itself. Agreement among students is Krippendorff's alpha (ordinal), computed here from
the coincidence matrix.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import f as f_distribution

MIN_TARGETS = 3  # an ICC over fewer rated items says nothing
KOO_LI_BANDS = ((0.5, "poor"), (0.75, "moderate"), (0.9, "good"), (float("inf"), "excellent"))


def koo_li_band(icc: float) -> str:
    """Koo & Li (2016): below .5 poor, .5 to .75 moderate, .75 to .9 good, above .9 excellent."""
    if np.isnan(icc):
        return "not computable"
    return next(name for limit, name in KOO_LI_BANDS if icc < limit)


def koo_li_range(low: float, high: float) -> str:
    """The bands the 95% CI spans: Koo & Li advise judging by the interval, not the point."""
    bands = (koo_li_band(low), koo_li_band(high))
    return bands[0] if bands[0] == bands[1] else f"{bands[0]} to {bands[1]}"


def alpha_reading(alpha: float | None) -> str:
    """Krippendorff's (2004) conventions: .800 or more acceptable, .667 or more tentative."""
    if alpha is None or np.isnan(alpha):
        return "not computable"
    return ("acceptable" if alpha >= 0.8 else "tentative conclusions only" if alpha >= 0.667
            else "too low for conclusions")


def icc_a1_with_key(students: np.ndarray, key: np.ndarray) -> dict[str, np.ndarray]:
    """ICC(A,1) of each student (a row of `students`) with the key, over the items both rated.

    `students` is (students x items) with NaN where a student gave no rating; `key` is
    (items,). Returns arrays `icc`, `low`, `high` (95% CI) and `n` (items used), NaN where a
    student rated fewer than MIN_TARGETS items or the ratings have no variance.
    """
    students = np.atleast_2d(np.asarray(students, dtype=float))
    key = np.broadcast_to(np.asarray(key, dtype=float), students.shape)
    used = ~np.isnan(students) & ~np.isnan(key)
    n = used.sum(axis=1).astype(float)
    k = 2.0
    x = np.where(used, students, 0.0)
    y = np.where(used, key, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        grand = (x.sum(axis=1) + y.sum(axis=1)) / (k * n)
        row_means = (x + y) / k
        ss_rows = k * (np.where(used, (row_means - grand[:, None]) ** 2, 0.0)).sum(axis=1)
        col_x, col_y = x.sum(axis=1) / n, y.sum(axis=1) / n
        ss_cols = n * ((col_x - grand) ** 2 + (col_y - grand) ** 2)
        ss_total = (np.where(used, (x - grand[:, None]) ** 2 + (y - grand[:, None]) ** 2, 0.0)
                    ).sum(axis=1)
        ss_error = ss_total - ss_rows - ss_cols
        df_rows, df_error = n - 1, (n - 1) * (k - 1)
        msb, msj, mse = ss_rows / df_rows, ss_cols / (k - 1), ss_error / df_error
        icc = (msb - mse) / (msb + (k - 1) * mse + k * (msj - mse) / n)
        # McGraw & Wong (1996) confidence interval for ICC(A,1), as in pingouin.
        fj = msj / mse
        vn = df_error * (k * icc * fj + n * (1 + (k - 1) * icc) - k * icc) ** 2
        vd = df_rows * k**2 * icc**2 * fj**2 + (n * (1 + (k - 1) * icc) - k * icc) ** 2
        v = vn / vd
        f_upper = f_distribution.ppf(0.975, df_rows, v)
        f_lower = f_distribution.ppf(0.975, v, df_rows)
        low = n * (msb - f_upper * mse) / (f_upper * (k * msj + (k * n - k - n) * mse) + n * msb)
        high = n * (f_lower * msb - mse) / (k * msj + (k * n - k - n) * mse + n * f_lower * msb)
    invalid = (n < MIN_TARGETS) | ~np.isfinite(icc)
    for values in (icc, low, high):
        values[invalid] = np.nan
    return {"icc": icc, "low": low, "high": high, "n": n}


def mean_bias(students: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Mean of (student - key) over the items a student rated: positive means generous."""
    with np.errstate(invalid="ignore"):
        return np.nanmean(np.asarray(students, dtype=float) - np.asarray(key, dtype=float),
                          axis=1)


def krippendorff_ordinal(students: np.ndarray, value_domain: range) -> float:
    """Krippendorff's alpha (ordinal) among students: rows are students, columns items.

    Computed from the coincidence matrix (Krippendorff 2004, ch. 11; 2011): each item with at
    least two ratings adds every ordered pair of its ratings, weighted 1/(m - 1). Written here
    rather than imported because the `krippendorff` package is GPL and the workbook's code is
    MIT; the tests check this against that package."""
    data = np.atleast_2d(np.asarray(students, dtype=float))
    domain = np.asarray(sorted(value_domain), dtype=float)
    if data.shape[0] < 2 or len(domain) < 2:
        return float("nan")
    # counts[u, v]: how many students gave item u the v-th value of the domain
    counts = np.stack([(data == value).sum(axis=0) for value in domain], axis=1).astype(float)
    m = counts.sum(axis=1)
    counts, m = counts[m >= 2], m[m >= 2]  # only items rated at least twice are pairable
    if len(m) == 0:
        return float("nan")
    weighted = counts / (m - 1)[:, None]
    coincidences = weighted.T @ counts - np.diag(weighted.sum(axis=0))
    n_c = coincidences.sum(axis=1)
    n = n_c.sum()
    # Ordinal distance: the ratings lying between two values, half-counting the two ends.
    cumulative = np.cumsum(n_c)
    index = np.arange(len(n_c))
    low, high = np.minimum.outer(index, index), np.maximum.outer(index, index)
    between = cumulative[high] - cumulative[low] + n_c[low]
    distance = (between - (n_c[low] + n_c[high]) / 2) ** 2
    expected = (np.outer(n_c, n_c) * distance).sum()
    if expected == 0:
        return float("nan")  # everyone gave the same rating: alpha is undefined
    return float(1 - (n - 1) * (coincidences * distance).sum() / expected)


def tukey_outliers(values: np.ndarray) -> np.ndarray:
    """True where a value lies above Q3 + 1.5 IQR of the finite values (Tukey's fence)."""
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    if len(finite) < 4:
        return np.zeros(len(values), dtype=bool)
    q1, q3 = np.percentile(finite, [25, 75])
    with np.errstate(invalid="ignore"):
        return np.isfinite(values) & (values > q3 + 1.5 * (q3 - q1))
