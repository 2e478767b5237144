"""Publishing the archive: Datasette views, metadata, the archived-copy route, snapshots.

- :mod:`.views` adds the per-report views and the full-text index to an archive (``prepare``);
- :mod:`.metadata` builds Datasette's metadata (descriptions in Chinese and English, units,
  canned queries, facets, the dashboard) from ``metadata.yaml`` and ``cells.csv``;
- :mod:`.plugin` is the Datasette plugin: ``/-/archive/<id>`` serves an archived copy from the
  WARC files, short Chinese searches fall back to LIKE, report links are rendered;
- :mod:`.snapshot` writes the dated, checksummed snapshot and CSV exports (``make publish``).
"""
