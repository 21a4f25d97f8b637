"""`python ingest.py [--rebuild] [--json]`: the same as `coach ingest`."""

import sys

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main(["ingest", *sys.argv[1:]]))
