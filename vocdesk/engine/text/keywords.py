"""Keyword extraction from tokens already cut by the segmenter (TF-IDF with jieba's IDF table).

jieba.analyse.extract_tags would segment every text a second time; reusing the tokens keeps
analysis at segmentation speed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

STOPWORDS = frozenset("""
的 了 是 我 也 都 就 很 还 在 有 和 与 及 又 吧 啊 呢 吗 哦 哈 啦 呀 嘛 么 这 那 这个 那个 一个 一下 一些
没有 不是 我们 你们 他们 她们 它们 自己 什么 怎么 这么 那么 因为 所以 但是 而且 然后 就是 还是 可以
已经 真的 非常 比较 特别 感觉 觉得 时候 现在 东西 问题 一直 一次 两次 知道 还有 不过 如果 虽然 这样
那样 这种 那种 之后 之前 以后 以前 出来 起来 一样 一点 有点 有些 不会 不能 不要 没 被 把 给 让 对
the a an and or but to of in on at for with is are was were be been it this that i you we they
my our your me us them he she his her its not no so very too just than then there here have has had
do does did can could would should will all any some more most only also as by from about into
""".split())


@lru_cache(maxsize=1)
def _idf() -> tuple[dict[str, float], float]:
    """jieba's IDF table, read directly: importing jieba.analyse would also load the POS
    tagger's dictionary (≈0.6 s in every worker process) that keywords do not need."""
    import statistics
    from importlib.resources import files

    idf: dict[str, float] = {}
    text = files("jieba").joinpath("analyse", "idf.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        word, _, freq = line.rpartition(" ")
        if word:
            idf[word] = float(freq)
    return idf, statistics.median(idf.values())


def _useful(tok: str) -> bool:
    if tok in STOPWORDS:
        return False
    if tok.isascii():
        return len(tok) >= 3 and tok.isalpha()
    return len(tok) >= 2 and not tok.isdigit()


_WEIGHTS: dict[str, float] = {}


def _weight(tok: str) -> float:
    """IDF of a useful token, 0 for tokens that are never keywords (memoised: hot path)."""
    w = _WEIGHTS.get(tok)
    if w is None:
        idf, median = _idf()
        w = idf.get(tok, median) if _useful(tok) else 0.0
        if len(_WEIGHTS) < 500_000:
            _WEIGHTS[tok] = w
    return w


def extract_keywords(tokens: Sequence[str], k: int = 5) -> list[str]:
    """The k most salient words of one text, by term frequency × inverse document frequency."""
    scores: dict[str, float] = {}
    for t in tokens:
        w = _WEIGHTS.get(t)
        if w is None:
            w = _weight(t)
        if w:
            scores[t] = scores.get(t, 0.0) + w
    if len(scores) <= 1:
        return list(scores)
    return sorted(scores, key=lambda t: (-scores[t], t))[:k]
