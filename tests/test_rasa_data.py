"""Rasa's own checks on the training data, and the test stories against the trained model."""
from bot.training import REAL_PROJECT, prepare_training_data, story_test_command, validate_command


def test_rasa_data_validate_passes():
    prepare_training_data()
    result = validate_command().run(capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_test_stories_have_no_prediction_errors(trained_model, tmp_path):
    command = story_test_command(REAL_PROJECT, trained_model, tmp_path / "results", fail_on_prediction_errors=True)
    result = command.run(capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
