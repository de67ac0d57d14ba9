"""libtiff's warnings and errors to `logging`, not to the terminal.

Pillow decodes fax TIFFs with libtiff, whose default handlers print to stderr ("TIFFFetchNormalTag:
... tag ignored"): lines on the terminal of a command that did its work.  Here libtiff's
handlers are replaced, through ctypes, by one that formats the message and logs it
(logger `ocr.libtiff`, level INFO), so it lands in the watcher's log and is seen with
`--debug`.  On a platform where a `va_list` cannot be handed on (not x86-64 Linux) the
messages are dropped instead: the file's problems still surface as our own errors.
"""
from __future__ import annotations

import ctypes
import logging
import platform
import re
from pathlib import Path

log = logging.getLogger("ocr.libtiff")

_HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p)
_installed: list = []   # the callbacks and libraries, kept alive for the process's life


def _text(raw: bytes | None) -> str:
    return raw.decode("utf-8", "replace") if raw else ""


def route_libtiff_messages() -> int:
    """Install the handlers in every libtiff this process has loaded; return how many."""
    if _installed:
        return len(_installed) // 3
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return 0
    libs = sorted(set(re.findall(r"(/\S*libtiff[^/\s]*\.so[^/\s]*)", maps)))
    formats = platform.system() == "Linux" and platform.machine() in ("x86_64", "AMD64")
    if formats:
        libc = ctypes.CDLL(None)
        vsnprintf = libc.vsnprintf
        vsnprintf.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_void_p]

    def handler(level: int):
        def emit(module, fmt, ap):
            text = _text(fmt)
            if formats:
                buf = ctypes.create_string_buffer(1024)
                vsnprintf(buf, len(buf), fmt, ap)
                text = _text(buf.value)
            log.log(level, "libtiff %s: %s", _text(module), text)
        return _HANDLER(emit)

    for path in libs:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        warn, error = handler(logging.INFO), handler(logging.INFO)
        for name, fn in (("TIFFSetWarningHandler", warn), ("TIFFSetErrorHandler", error)):
            setter = getattr(lib, name)
            setter.argtypes, setter.restype = [_HANDLER], ctypes.c_void_p
            setter(fn)
        _installed.extend([lib, warn, error])
    return len(_installed) // 3
