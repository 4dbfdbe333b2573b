"""The network model: the layer between the data and the analysis.

- :mod:`~corridors.network.curated`: the sourced corridors as a graph, with sea legs;
- :mod:`~corridors.network.base`: the base rail and road networks (OpenStreetMap, through
  ``scgraph-data``), built once into a cache;
- :mod:`~corridors.network.sea`: sea legs through searoute;
- :mod:`~corridors.network.closures`: closed crossings and passenger-only lines;
- :mod:`~corridors.network.places`: places anywhere, snapped to a network;
- :mod:`~corridors.network.routing`: the layered graph and its router;
- :mod:`~corridors.network.model`: the :class:`~corridors.network.model.Network` that holds
  them, built once and cached.

Importing this package imports none of them.
"""
