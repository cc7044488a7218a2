#!/usr/bin/env sh
# Prints the path of a working Python 3.10 interpreter (Rasa 3.6 supports 3.8-3.10).
# Looks on PATH, then in pyenv, then asks uv to provide one; otherwise says how.
probe() { "$@" -c 'import sys; assert sys.version_info[:2] == (3, 10); print(sys.executable)' 2>/dev/null; }

probe python3.10 && exit 0
if command -v pyenv >/dev/null 2>&1; then
    version=$(pyenv versions --bare 2>/dev/null | grep -E '^3\.10\.[0-9]+$' | sort -t. -k3 -n | tail -n 1)
    if [ -n "$version" ]; then
        PYENV_VERSION=$version probe python && exit 0
    fi
fi
if command -v uv >/dev/null 2>&1; then
    uv python install 3.10 >&2 && found=$(uv python find 3.10) && probe "$found" && exit 0
fi
cat >&2 <<'MSG'
Python 3.10 was not found (Rasa 3.6 runs on Python 3.8-3.10).
Install it with one of:
  pyenv install 3.10.13        (https://github.com/pyenv/pyenv)
  uv python install 3.10       (https://docs.astral.sh/uv/)
  apt-get install python3.10 python3.10-venv   (where your distribution has it)
then run `make run` again.
MSG
exit 1
