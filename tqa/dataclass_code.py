"""The code :mod:`dataclasses` compiles for tqa's classes, kept between runs, as Python keeps a module's bytecode.

A frozen dataclass costs about half a millisecond to create: :mod:`dataclasses` writes the source of its
``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__`` and ``__delattr__`` and compiles each one with
``exec``. A one-paragraph ``tqa check`` creates some 55 of them, a sixth of its start-up. What is compiled depends on
the source text alone, so the code objects are kept in the cache directory (:mod:`tqa.cache`) by that text and
given back to :mod:`dataclasses` on later runs: each class gets exactly the methods it would otherwise compile.

The command line installs this (:func:`tqa.cli.main`, before it imports the modules that define dataclasses); a
program that imports tqa is left alone. Only the classes of tqa's own modules are served from the cache; any other
dataclass is compiled as always.

(No ``from __future__`` import here: what ``exec`` compiles inherits the compiler flags of its caller, and
:mod:`dataclasses` has none.)
"""

import builtins
import sys

#: Source text -> code, read from the cache when installed; ``_added``: what this process compiled.
_codes = {}
_added = []


def install():
    """Serve tqa's dataclasses from the cache, once per process (nothing when caching is off, or when
    :mod:`dataclasses` already has another ``exec`` than the built-in one)."""
    import dataclasses

    from ._version import __version__
    from .cache import cache_dir, read_marshal

    base = cache_dir()
    if base is None or getattr(dataclasses, "exec", builtins.exec) is not builtins.exec:
        return
    # The code of one Python (its bytecode and marshal format) for one version of tqa.
    name = f"dataclass-code-{__version__}-{sys.implementation.cache_tag}-{sys.hexversion:x}.marshal"
    cached = read_marshal(name)
    if isinstance(cached, dict):
        _codes.update(cached)
    dataclasses.exec = _exec

    import atexit

    atexit.register(_save, base, name)


def _exec(source, globals=None, locals=None):
    """``exec`` as :mod:`dataclasses` calls it, with the code of a tqa class's methods compiled once."""
    if type(source) is str and type(globals) is dict and str(globals.get("__name__", "")).split(".")[0] == "tqa":
        code = _codes.get(source)
        if code is None:
            code = compile(source, "<string>", "exec", dont_inherit=True)
            _codes[source] = code
            _added.append(source)
        return builtins.exec(code, globals, locals)
    return builtins.exec(source, globals, locals)


def _save(base, name):
    """Keep what this process compiled, with what it found, in the cache directory it was read from (at exit:
    classes are created as modules are imported, all through a run). A directory removed meanwhile stays removed."""
    if not _added or not base.is_dir():
        return
    import marshal
    import os
    import tempfile

    try:
        if os.stat(base).st_uid != os.getuid():
            return
        data = marshal.dumps(_codes)
        fd, tmp = tempfile.mkstemp(dir=base, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, base / name)
    except (OSError, ValueError):
        pass
