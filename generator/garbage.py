"""Run Python's cyclic garbage collector rarely while the generator makes millions of objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cycles rarely, and never among the objects that exist when the block starts.

    Loading, linking, rendering and WeasyPrint's layout make millions of objects
    and few cycles: with the default thresholds the collector rescans the whole
    model again and again, a fifth of the generator's time at size L and a
    quarter of WeasyPrint's. Cycles made inside the block are still collected.
    Blocks nest: the outermost one unfreezes.
    """
    outermost = gc.get_freeze_count() == 0
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 50, 1_000)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if outermost:
            gc.unfreeze()
