"""`python -m analysis` runs the khuyencong command."""

import sys

from analysis.cli import main

sys.exit(main())
