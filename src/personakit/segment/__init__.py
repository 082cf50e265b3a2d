"""Segmentation: from survey answers to candidate personas.

:class:`PersonaSegmenter` encodes the answers from the codebook, fits one of four
methods (k-means, Gaussian mixture, latent class analysis, hierarchical clustering on
Gower distances), chooses the number of personas with stated reasons, measures each
persona's bootstrap stability, and types new respondents. :func:`gower_distances`
is the mixed-type distance used by the small-n method, available on its own.
"""

from personakit.plotting.segmentation import plot_dendrogram, plot_selection
from personakit.segment._gower import gower_distances
from personakit.segment._segmenter import METHODS, PersonaSegmenter

__all__ = ["METHODS", "PersonaSegmenter", "gower_distances", "plot_dendrogram", "plot_selection"]
