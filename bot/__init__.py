"""Digital parathed-assistenten: the project's Python package (everything but Rasa's own files)."""
