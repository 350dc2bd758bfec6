"""The binary TF-IDF matrix both training tools fit on (one definition for the two models).

L2-normalised rows of idf weights over the features present: exactly what the shipped models
compute at run time (``ZhSentimentModel.score``, ``EnLinearModel.logits``), so the weights
learned here mean the same thing there.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


def build_matrix(feats: list[set[str]], vocab: dict[str, int], idf: np.ndarray) -> sp.csr_matrix:
    """Binary TF-IDF, L2-normalised rows, over the features of ``feats`` found in ``vocab``."""
    indptr, indices = [0], []
    for fs in feats:
        indices.extend(sorted(vocab[f] for f in fs if f in vocab))
        indptr.append(len(indices))
    idx = np.asarray(indices, dtype=np.int64)
    m = sp.csr_matrix((idf[idx], idx, np.asarray(indptr)), shape=(len(feats), len(vocab)))
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.diags(1.0 / norms) @ m
