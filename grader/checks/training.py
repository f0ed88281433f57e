"""``training``: what one training run shows (its history, and history.model on held-out rows)."""

from __future__ import annotations

from typing import Any

from grader.checks.registry import Verdict, judge
from grader.spec.checks import TrainingCheck


def _losses(values: list[float | None]) -> str:
    shown = ", ".join("nan" if v is None else f"{v:.3f}" for v in values[:10])
    return shown + (", ..." if len(values) > 10 else "")


@judge("training")
def training(check: TrainingCheck, data: dict[str, Any], call: str) -> Verdict:
    """Decide on the history length, the loss trend, or the grader's own accuracy measurement."""
    losses = data["history"].get("loss", [])
    if check.require == "epochs":
        ok = len(losses) == check.epochs
        return Verdict(ok, f"{call}: the history has {len(losses)} epoch(s); expected {check.epochs}."
                       + ("" if ok else " Pass epochs=epochs to model.fit and return its History."))
    if check.require == "loss-falls":
        if len(losses) < 2:
            return Verdict(False, f"{call}: the history has {len(losses)} loss value(s); a trend needs two or more.")
        if any(v is None for v in losses):  # recorded as None: not a finite number
            return Verdict(False, f"loss by epoch: {_losses(losses)}: the loss stopped being a number (it "
                                  "diverged). Lower the learning rate, and check the labels and the loss function.")
        ok = losses[-1] < losses[0]
        return Verdict(ok, f"loss by epoch: {_losses(losses)}" + (": it falls." if ok else
                       ": it does not fall. Check the labels, the loss function and the learning rate."))
    accuracy, error = data.get("accuracy"), data.get("accuracy_error")
    if accuracy is None:
        return Verdict(False, f"the grader could not measure history.model on its held-out rows: {error}")
    before = data.get("accuracy_before")
    if isinstance(before, (int, float)) and before >= check.min_accuracy:
        return Verdict(False, f"history.model already scored {before:.3f} on the held-out rows before its first "
                              "model.fit began: it learned around the input pipeline (weights copied in, or layers "
                              "trained elsewhere). Start from a new model and train it only with model.fit(dataset).")
    ok = accuracy >= check.min_accuracy
    return Verdict(ok, f"history.model scores {accuracy:.3f} accuracy on {data['held_out_rows']} held-out rows the "
                       f"grader generated; {check.min_accuracy:g} needed." + ("" if ok else
                       " Train longer, or use a model with a hidden layer and a softmax over the 3 classes. history.model "
                       "is given each held-out row's 4 raw features: preprocessing done only in the pipeline's "
                       "map is not part of it (put it in the model, e.g. a Normalization layer)."))
