"""Experience analytics over the one filtered selection: metrics, journey map, breakpoints.

Numbers come from ``store/aggregates.py``; intervals and tests from scipy / statsmodels. Every
figure carries its n and a 95 % interval; below :data:`metrics.MIN_N` it is flagged ``low_n``
(shown greyed, never ranked or flagged high/low).
"""
