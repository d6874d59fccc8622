"""``python -m bot`` is ``ocop-bot``."""

import sys

from bot.cli import main

sys.exit(main())
