"""Our Holm adjustment gives statsmodels' multipletests(method="holm") results exactly."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from vocdesk.engine.analytics.highs_lows import holm


@pytest.mark.parametrize("seed", range(20))
def test_holm_matches_statsmodels(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40))
    p = rng.random(n) ** rng.uniform(0.5, 4)             # many small p-values, some ties
    if n > 3:
        p[1] = p[2]
    reject, adj = holm(list(p), 0.05)
    ref_reject, ref_adj, _, _ = multipletests(p, alpha=0.05, method="holm")
    assert np.allclose(adj, ref_adj) and (reject == ref_reject).all()
