"""`python -m nnwatch` runs the command line."""

from nnwatch import interrupts

interrupts.install()  # first: a Ctrl-C during the command line's imports is honoured too (nnwatch.interrupts)

from nnwatch.cli import main  # noqa: E402 (after install, on purpose)

main()
