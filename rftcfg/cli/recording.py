"""Recording what a command wrote: the ledger is opened (and checked) before anything is
written, so a broken ledger stops the command with nothing written; the runs are recorded after
the files are in place, and one line on stderr says so.

Without a ledger nothing is opened, imported (sqlite3) or said. A job printed to stdout is not
recorded: a run needs a place where its job lives (`rftcfg runs`, `record FILE` and `compare`
find it there), and stdout also goes to pagers, diffs and `| head`; one note says how to record it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from rftcfg.cli.boundary import err
from rftcfg.core.errors import RftcfgError, shown_path
from rftcfg.core.job import Job
from rftcfg.ledger import LedgerError, find_ledger

if TYPE_CHECKING:
    from rftcfg.app.recording import Entry
    from rftcfg.ledger import Ledger

NO_RECORD = typer.Option(False, "--no-record", help="Do not record this job in the run ledger (.rftcfg/runs.db).")
SHOWN_IDS = 5  # run IDs one line names before "and N more"


def shown_ledger(path: Path) -> str:
    """The ledger's path as the person would type it: relative when under the current folder."""
    with contextlib.suppress(OSError, ValueError):
        inside = path.absolute().relative_to(Path.cwd())
        return shown_path(str(inside))
    return shown_path(str(path))


@contextlib.contextmanager
def recording(no_record: bool, *, to_file: bool) -> Iterator[Ledger | None]:
    """The open ledger when this command's output should be recorded, else None."""
    path = None if no_record or not to_file else find_ledger()
    if path is None:
        yield None
        return
    from rftcfg.ledger import open_ledger

    with open_ledger(path) as ledger:
        yield ledger


def note_unrecorded(no_record: bool) -> None:
    """After a job went to stdout: with a ledger, say that it was not recorded and how to record it."""
    path = None if no_record else find_ledger()
    if path is not None:
        err(f"note: not recorded in {shown_ledger(path)}: the job went to stdout; "
            "write it with -o FILE to record it as a run.")  # fmt: skip


def record_entries(
    ledger: Ledger | None, command: str, entries: Sequence[Entry], parents: Sequence[Job | None] = ()
) -> None:
    """Record `entries` (already written) as runs, all or none, with the parent found by content."""
    if ledger is None or not entries:
        return
    from rftcfg.app.recording import parent_among

    def record() -> tuple[list[str], str | None]:
        parent = parent_among(ledger, parents)
        with ledger.batch():
            runs = [ledger.record(e.job, command=command, parent=parent, changes=e.changes, reason=e.reason, path=e.path)
                    for e in entries]  # fmt: skip
        return [r.run_id for r in runs], parent

    _recorded(ledger, [e.path for e in entries], record)


def _recorded(ledger: Ledger, written: Sequence[str], record: Callable[[], tuple[list[str], str | None]]) -> None:
    try:
        runs, parent = record()
    except RftcfgError as exc:
        # The job is written and good; only its record is missing. Exit 2, so a script that asked
        # for tracking (there is a ledger) learns it did not happen, and says which file stands.
        names = ", ".join(shown_path(p) for p in written[:3])
        more = f" and {len(written) - 3} more" if len(written) > 3 else ""
        raise LedgerError(
            f"{names}{more} {'was' if len(written) == 1 else 'were'} written, but not recorded as "
            f"{'a run' if len(written) == 1 else 'runs'}: {exc.message}"
        ) from None
    where = f"in {shown_ledger(ledger.path)}"
    with_parent = f" (parent {parent})" if parent else ""
    if len(runs) == 1:
        err(f"Recorded run {runs[0]}{with_parent} {where}.")
    else:
        listed = ", ".join(runs[:SHOWN_IDS]) + (f" and {len(runs) - SHOWN_IDS} more" if len(runs) > SHOWN_IDS else "")
        err(f"Recorded {len(runs)} runs{with_parent} {where}: {listed}.")
