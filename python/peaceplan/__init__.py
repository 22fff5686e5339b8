"""peaceplan: sequencing, staffing and funding of peacebuilding interventions."""

from peaceplan._core import __version__

__all__ = ["__version__"]
