"""Per-workspace learned classifiers: the model lives in :mod:`.classifier`, features in :mod:`.features`."""

from vocdesk.engine.learning.classifier import TextClassifier, TrainReport, train_classifier

__all__ = ["TextClassifier", "TrainReport", "train_classifier"]
