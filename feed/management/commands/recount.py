from django.core.management.base import BaseCommand, CommandError

from feed.counters import counters_drift, counters_repair


class Command(BaseCommand):
    help = (
        "Compare every kept count (a user's posts, followers and following; a post's likes and comments; a "
        "comment's likes and replies) with a fresh count of its rows, and print per counter how many rows "
        "disagree. Without --fix it changes nothing and exits with status 1 when any row disagrees, so a cron "
        "job or a deploy check can alert on drift. With --fix it repairs them, one UPDATE per counter, and exits "
        "0; writes may go on meanwhile. Useful after any manual repair of the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="set every drifted count to its fresh count")

    def handle(self, *args, fix: bool, **options):
        counts = counters_repair() if fix else counters_drift()
        verb = "repaired" if fix else "disagree"
        for name, rows in counts.items():
            self.stdout.write(f"{name}: {rows} rows {verb}")
        drifted = sum(counts.values())
        if fix:
            self.stdout.write(self.style.SUCCESS(f"{drifted} counts repaired"))
        elif drifted:
            raise CommandError(f"{drifted} counts disagree with their rows; run `manage.py recount --fix`")
        else:
            self.stdout.write(self.style.SUCCESS("every count is exact"))
