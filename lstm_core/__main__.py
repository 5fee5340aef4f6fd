"""python -m lstm_core: the command line (see lstm_core/cli.py)."""

import sys

from lstm_core.cli import main

sys.exit(main())
