"""The Hugging Face dataset: splits, build, card, Croissant metadata, publish, load.

Submodules import ``datasets`` (and pyarrow, matplotlib, mlcroissant) only inside the
functions that need them, so importing this package costs nothing.
"""
