"""The sentiment models are built once per process, even when threads ask together."""

import threading

from vocdesk.engine.text.sentiment import en, en_linear, zh
from vocdesk.engine.text.sentiment.lazy import lazy_once


def test_threads_asking_at_once_share_one_build():
    built = []
    gate = threading.Event()

    def build():
        gate.wait(1.0)            # hold the first builder so the others pile up behind it
        built.append(object())
        return built[-1]

    get = lazy_once(build)
    got = []
    threads = [threading.Thread(target=lambda: got.append(get())) for _ in range(8)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join()
    assert len(built) == 1
    assert len(got) == 8 and all(g is built[0] for g in got)


def test_each_language_model_is_one_object():
    for mod in (zh, en, en_linear):
        assert mod.get_model() is mod.get_model()
    assert zh.get_model() is not en_linear.get_model()
