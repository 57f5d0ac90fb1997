"""`python -m monitor` is the `monitor` command."""

from monitor.app.cli import main

main()
