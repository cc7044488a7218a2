"""Entry point of the action server:
`python -m partnerskab.adapters.action_server --actions actions`.

Same as `python -m rasa_sdk`, with three differences:
* it loads everything the actions need (actions.resources) before it listens, so
  its /health answers only when the first catalogue question is answered in time
  (lazily, that question took longer than Rasa's action timeout on busy cores);
* it binds to loopback unless SANIC_HOST says otherwise (rasa_sdk defaults to 0.0.0.0);
* it keeps TensorFlow out of the process. spaCy's thinc imports TensorFlow whenever
  it is installed (it is, for Rasa), although the actions never use it; blocking
  the import saves about 370 MB and 2 s at start (measured, see README).
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    sys.modules.setdefault("tensorflow", None)  # `import tensorflow` now raises ImportError
    os.environ.setdefault("SANIC_HOST", "127.0.0.1")
    from rasa_sdk.__main__ import main as rasa_sdk_main

    sys.path.insert(
        0, os.getcwd()
    )  # `actions` is imported from the working directory, as rasa_sdk does
    from actions.resources import load

    print(
        "Loaded knowledge, language pipelines, indexes and company list in "
        f"{load().seconds:.1f} s.",
        flush=True,
    )
    rasa_sdk_main()


if __name__ == "__main__":
    main()
