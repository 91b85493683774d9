"""``sokkel manage send_digests``: send the weekly digests that are due (run it from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sokkel.spread.digest import send_digests


class Command(BaseCommand):
    help = (
        "Send each person who follows something one grouped e-mail about what is new, "
        "celebrated or spreading since their last digest (at most one a week)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_digests()
        self.stdout.write(f"Sent {count} digests.")
