"""The version of tqa (one place; the package, reports, signatures and the glossary cache read it)."""

__version__ = "0.1.0"
