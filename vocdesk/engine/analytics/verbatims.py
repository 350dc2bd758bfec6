"""Representative verbatims: typical and different from each other (medoid + MMR).

TF-IDF over character 1–2-grams (works for Chinese without segmentation and for English),
cosine similarity; the first quote is the medoid (highest mean similarity to the others),
the next ones maximise maximal marginal relevance (Carbonell & Goldstein 1998):
λ · typicality − (1 − λ) · similarity to the quotes already chosen.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

LAMBDA = 0.7


def representative(items: list[tuple[int, str]], k: int = 5, lam: float = LAMBDA
                   ) -> list[tuple[int, str]]:
    """Up to ``k`` (id, text) pairs: the medoid first, then by MMR; exact repeats collapse."""
    seen: dict[str, int] = {}
    for fid, text in items:
        t = (text or "").strip()
        if t and t not in seen:
            seen[t] = fid
    texts = list(seen)
    if len(texts) <= 1:
        return [(seen[t], t) for t in texts]
    try:
        x = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 2), min_df=1).fit_transform(texts)
    except ValueError:        # nothing but stop characters
        return [(seen[t], t) for t in texts[:k]]
    sim = (x @ x.T).toarray()
    typical = (sim.sum(axis=1) - 1.0) / (len(texts) - 1)
    chosen = [int(np.argmax(typical))]
    while len(chosen) < min(k, len(texts)):
        redundancy = sim[:, chosen].max(axis=1)
        score = lam * typical - (1 - lam) * redundancy
        score[chosen] = -np.inf
        chosen.append(int(np.argmax(score)))
    return [(seen[texts[i]], texts[i]) for i in chosen]
