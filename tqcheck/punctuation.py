"""Punctuation sets shared by the sentence splitter and the detectors (one place, so they agree).

>>> "؟" in FINAL and "。" in FINAL and "）" in CLOSERS
True
"""
from __future__ import annotations

# Sentence-final punctuation of scripts written with spaces (Latin, Arabic, Urdu ...): needs a space after it.
SPACED_FINAL = ".!?…؟۔"
# Sentence-final punctuation of CJK text: ends a sentence with or without a space after it.
CJK_FINAL = "。！？｡"
FINAL = SPACED_FINAL + CJK_FINAL
# Closing quotes and brackets that may follow final punctuation.
CLOSERS = "\"'”’»)]}」』】》›）"
