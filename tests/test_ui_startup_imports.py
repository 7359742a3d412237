"""Start-up of the app: the main window, shown, has loaded none of the windows it opens later.

Checked in a fresh interpreter by what is imported, not by a wall clock.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

LATER = (
    "PySide6.QtCharts",
    "glosscards.ui.stats_window",
    "glosscards.ui.charts",
    "glosscards.ui.browser",
    "glosscards.ui.import_dialog",
    "glosscards.ui.export_dialog",
    "glosscards.ui.settings_dialog",
    "glosscards.ui.sync_dialog",
    "glosscards.ui.custom_study_dialog",
    "glosscards.ui.help_dialogs",
    "glosscards.anki_export",
    "glosscards.anki_sync",
    "anki",
    "genanki",
)
"""What the main window opens on demand (QtCharts with the statistics, Anki with a sync)."""

PROBE = """
import json, sys
from glosscards.collection import Collection
from glosscards.ui.app import create_app
from glosscards.ui.main_window import MainWindow

app = create_app()
window = MainWindow(Collection.open(sys.argv[1]))
window.show()
app.processEvents()
print(json.dumps(sorted(sys.modules)))
window.close()
"""


def test_the_shown_main_window_loads_no_later_window(tmp_path: Path) -> None:
    # the child's window places go to a folder of its own, never the learner's settings
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "collection.db")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=env,
    )
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    early = [
        name
        for name in loaded
        if any(name == later or name.startswith(later + ".") for later in LATER)
    ]
    assert early == []
