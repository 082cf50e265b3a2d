"""Matplotlib figures. Every plot function takes ``ax=None`` and returns the Axes.

matplotlib is imported lazily inside the functions, so importing personakit
does not import it.
"""
