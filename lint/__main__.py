"""``python -m lint``: the wirelint command."""
import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
