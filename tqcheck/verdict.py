"""The verdict of a check: ``pass`` or ``fail`` under a Policy, with the reasons for a failure."""
from __future__ import annotations

from .config import Policy
from .types import Report, Severity


def judge(report: Report, policy: Policy) -> tuple[str, list[str]]:
    """``pass``/``fail`` for one report under a policy, with the reasons for a failure."""
    reasons = []
    if policy.fail_under is not None and report.scores.document < policy.fail_under:
        reasons.append(f"document score {report.scores.document:.1f} is below {policy.fail_under:g} "
                       f"({policy.fail_under_from})")
    if policy.fail_on != "never":
        limit = Severity(policy.fail_on).rank
        bad = [f for f in report.flags if f.severity.rank >= limit]
        if bad:
            reasons.append(f"{len(bad)} flag(s) of severity {policy.fail_on} or worse")
    listed = sorted({f.id for f in report.flags if f.id in policy.fail_flags})
    if listed:
        reasons.append(f"flag(s) listed in fail_flags: {', '.join(listed)}")
    return ("fail" if reasons else "pass"), reasons
