"""`python -m checker …` runs the same CLI as the `checker` command."""

from checker.cli import main

main(prog_name="checker")
