"""The layer between the package and the compiled core.

The public classes (``Scenario``, ``Plan``, ``Simulation``, ``Office``, ``Portfolio``,
``CapacityResult``) are Python classes that hold a core object in ``_core`` (composition, as
rustworkx layers its Python glue above Rust). The core computes and returns plain data; the
classes arrange it into DataFrames and figures. :func:`core_of` unwraps what is handed to a core
function.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing_extensions import Self

from typing_extensions import Self

__all__ = ["Wrapper", "core_of"]


class Wrapper:
    """Base of the classes wrapping a core object (kept in ``_core``)."""

    __slots__ = ("_core",)
    _core: Any

    @classmethod
    def _wrap(cls, core: Any) -> Self:
        """A wrapper around ``core`` (a core object of the matching class)."""
        obj = object.__new__(cls)
        obj._core = core
        return obj

    def __repr__(self) -> str:
        return repr(self._core)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return bool(self._core == other._core)  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment]


def core_of(obj: Any) -> Any:
    """The core object of a wrapper (each member of a tuple unwrapped); anything else as given."""
    if isinstance(obj, Wrapper):
        return obj._core
    if isinstance(obj, tuple):
        return tuple(core_of(o) for o in obj)
    return obj
