#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter: $PYTHON first, then python3.10 on PATH, then pyenv's
# installed 3.10 versions. Rasa 3.6 needs Python >=3.8,<3.11.
set -u
is310() { [ -n "$1" ] && "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' 2>/dev/null; }
if [ -n "${PYTHON:-}" ]; then
  if is310 "$PYTHON"; then echo "$PYTHON"; exit 0; fi
  echo "PYTHON=$PYTHON er ikke Python 3.10." >&2; exit 1
fi
if command -v python3.10 >/dev/null 2>&1 && is310 "$(command -v python3.10)"; then command -v python3.10; exit 0; fi
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for candidate in $(ls -d "$root"/versions/3.10.*/bin/python3.10 2>/dev/null | sort -V -r); do
  if is310 "$candidate"; then echo "$candidate"; exit 0; fi
done
cat >&2 <<'MSG'
Fandt ingen Python 3.10. Rasa 3.6 kræver Python 3.8-3.10, og projektet bruger 3.10.
Installér den, fx:
  pyenv install 3.10          (med pyenv)
  sudo apt install python3.10 python3.10-venv   (Debian/Ubuntu, hvor den findes)
  brew install python@3.10    (macOS)
eller angiv stien: make run PYTHON=/sti/til/python3.10
MSG
exit 1
