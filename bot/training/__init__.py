"""Everything about a trained model, in one place, for the real checkout and for a copy of it (the
editor's snapshot): where its inputs are (project), its fingerprint (fingerprint), the Rasa commands
that validate the data, train a model and run the test stories (commands), and training the real
project's model only when its fingerprint changed (models).

Used by `make run`, `make test`, `make eval`, `make bench` and the editor's «Træn og udgiv»."""
from bot.training.commands import (RasaCommand, rasa_bin, rasa_command, rasa_env, story_test_command,
                                   train_command, validate_command)
from bot.training.fingerprint import (MODEL_CODE, files_under, fingerprint, packaged_model_available,
                                      setup_fingerprint)
from bot.training.models import (finetune_base, latest_model, model_path, prepare_training_data, train_if_needed,
                                 write_model_info)
from bot.training.project import REAL_PROJECT, RasaProject

__all__ = [
    "MODEL_CODE", "REAL_PROJECT", "RasaCommand", "RasaProject", "files_under", "finetune_base", "fingerprint",
    "latest_model", "model_path", "packaged_model_available", "prepare_training_data", "rasa_bin", "rasa_command",
    "rasa_env", "setup_fingerprint", "story_test_command", "train_command", "train_if_needed", "validate_command",
    "write_model_info",
]
