"""Datasette plugins `nianbao serve` loads with ``--plugins-dir`` (every module of this folder).

They act only when the metadata configures them, so a Datasette started otherwise is unchanged.
"""
