"""Builds the blank Danish and English spaCy pipelines into build/spacy/.

Run by ``make spacy``; Rasa's SpacyNLP component loads ``build/spacy/da``.
"""

from __future__ import annotations

import sys

from partnerskab.core.words import BUILD_DIR, build_pipeline


def main() -> int:
    for lang in ("da", "en"):
        target = BUILD_DIR / lang
        target.parent.mkdir(parents=True, exist_ok=True)
        build_pipeline(lang).to_disk(target)
        print(f"spaCy pipeline '{lang}' (blank + lookup lemmatizer) written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
