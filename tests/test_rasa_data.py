"""Rasa's own checks on the training data, and the test stories against the trained model."""
import os
import subprocess

from bot import settings
from bot.training import TEST_STORIES_DIR, data_args, prepare_training_data, rasa_bin

ENV = {**os.environ, **settings.rasa_env()}


def test_rasa_data_validate_passes():
    prepare_training_data()
    result = subprocess.run(
        [rasa_bin(), "data", "validate", "--domain", str(settings.DOMAIN_PATH),
         "--config", str(settings.CONFIG_PATH), "--data", *data_args()],
        cwd=settings.ROOT, env=ENV, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_test_stories_have_no_prediction_errors(trained_model, tmp_path):
    result = subprocess.run(
        [rasa_bin(), "test", "core", "--model", str(trained_model), "--stories", str(TEST_STORIES_DIR),
         "--fail-on-prediction-errors", "--out", str(tmp_path / "results"), "--no-plot"],
        cwd=settings.ROOT, env=ENV, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
