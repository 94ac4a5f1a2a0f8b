"""The detectors' order (``tqcheck.flags.ORDER``): fixed, whatever order their modules were imported in."""
from __future__ import annotations

import pytest

from tqcheck import flags
from tqcheck.config import CheckConfig


def test_the_order_holds_whatever_order_the_detectors_registered_in(monkeypatch):
    """A module imported earlier registers its detectors earlier; the signature and the flags' order must not
    follow that (a new import in one detector module reordered every report's signature)."""
    before = CheckConfig().signature(flags.enabled_ids())
    shuffled = dict(reversed(list(flags.DETECTORS.items())))
    monkeypatch.setattr(flags, "DETECTORS", shuffled)
    assert list(flags.DETECTORS)[0] == "unit-state"
    flags._put_in_order()
    assert list(flags.DETECTORS) == list(flags.ORDER)
    assert CheckConfig().signature(flags.enabled_ids()) == before
    assert "flags:omission,addition,fragment," in before


def test_a_detector_missing_from_the_order_is_refused(monkeypatch):
    extra = dict(flags.DETECTORS, **{"new-check": flags.DETECTORS["omission"]})
    monkeypatch.setattr(flags, "DETECTORS", extra)
    with pytest.raises(RuntimeError, match="new-check"):
        flags._put_in_order()
