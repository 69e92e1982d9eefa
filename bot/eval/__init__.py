"""Measuring the assistant's Danish understanding: data checks, cross-validation, held-out test, report.

`python -m bot eval` (make eval) runs it all and writes reports/nlu-rapport.md. The parts:
    data      training/held-out examples, overlap, ambiguity and coverage checks (no Rasa model needed)
    heldout   the trained model on tests/nlu/heldout.yml (Rasa's evaluation machinery)
    cv        k-fold cross-validation of the NLU pipeline on the training data (Rasa's cross_validate)
    stories   the test stories in tests/stories/ (rasa test core)
    report    the Markdown report and the PNG figures
"""
