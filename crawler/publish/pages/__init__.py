"""The archive's own pages, beside Datasette's tables: a report as the form prints it, an agency by year.

- :mod:`.form_layout`: the three tables of the form laid out from ``parsers/form/cells.csv``;
- :mod:`.report_data`: what a page shows, read with a few indexed queries (plain data);
- :mod:`.chart`: a small inline-SVG time series (no script, works offline);
- :mod:`.words`: rule names and cell marks in words, Chinese and English;
- :mod:`.routes`: the Datasette routes and templates (``templates/``).
"""
