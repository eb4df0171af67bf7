"""Loading the command line's modules without the cyclic collector (imported first, so it imports only ``gc``)."""

import gc
from types import TracebackType


class loading_modules:
    """Import modules without the cyclic collector: loading them allocates tens of thousands of objects that live
    as long as the process, so its collections there find nothing (about a tenth of a scan's start-up). What was
    loaded is frozen afterwards, so that later full collections do not walk it again either. A plain class used as
    ``with loading_modules():`` (named as the function it stands for), not ``contextlib``: that is among what is
    loaded."""

    def __enter__(self) -> None:
        self.collecting = gc.isenabled()
        gc.disable()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self.collecting:
            gc.freeze()
            gc.enable()
