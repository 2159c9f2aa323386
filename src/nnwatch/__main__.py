"""`python -m nnwatch` runs the command line."""

from nnwatch.cli import main

main()
