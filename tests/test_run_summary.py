"""The run summary as the secretary reads it: each team's row counts only that team's messages;
the secretary's notices of failed deliveries are a row of their own."""

from __future__ import annotations

from followup.intake.announce import AnnounceOutcome
from followup.intake.ingest import ScanResult
from followup.intake.passes import PassResult
from followup.intake.summary import pass_summary
from followup.settings import Settings


def test_the_secretarys_failure_notices_are_not_counted_as_the_teams(settings: Settings) -> None:
    result = PassResult(
        scan=ScanResult(),
        synced=[],
        announced=[
            AnnounceOutcome(
                team="통계조사팀",
                sent=0,
                failed=["통계조사팀 후속조치 2건 배정 안내 → mailto://x: 주소가 없습니다"],
                told_sent=1,
            ),
            AnnounceOutcome(team="빅데이터기획팀", sent=1),
        ],
    )

    text = pass_summary(settings, result, mode="test")

    assert "통계조사팀: 보냄 0건 · 실패 1건" in text  # its own notice only
    assert "빅데이터담당관(발송 실패 안내): 로컬 보관 1건" in text
    assert "빅데이터기획팀: 로컬 보관 1건" in text
    assert len(result.failed_sends) == 1  # the pass still exits non-zero for the team's failure
