"""``python -m peaceplan``: the same as the ``peaceplan`` command."""

from peaceplan.cli import main

raise SystemExit(main())
