"""`python -m service` runs the `zhclean` command."""
import sys

from .cli import main

sys.exit(main())
