"""``tqa mine``: propose glossary entries from evidence — MT output beside references or post-edits.

Two miners produce :class:`~tqa.mine.candidates.Candidate` records, one model for both:

* with a source (``--source SRC --mt SYS... --ref REF...``): source phrases word-aligned to each MT system and
  to each reference; an MT rendering frequent across systems and never used by the references is a candidate,
  the references' dominant rendering its suggestion;
* without a source (``--mt DOC --post-edit DOC``): the substitutions editors make again and again between an MT
  draft and its published post-edit.

Ranking, filtering (references, English word frequencies, the glossaries already given) and writing a
reviewable glossary with its evidence are shared.
"""
