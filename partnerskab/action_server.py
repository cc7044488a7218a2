"""Entry point of the action server: `python -m partnerskab.action_server --actions actions`.

Same as `python -m rasa_sdk`, with two differences:
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

    rasa_sdk_main()


if __name__ == "__main__":
    main()
