"""The serving side of attache: the dashboard pages, their templates and static assets, and
what the API shares with them (snapshots of the store, the error shape).

    snapshot.py   read the store while `attache ingest` writes it (private read-only copies)
    errors.py     the one JSON error shape
    middleware.py the body-size cap, security headers, Server-Timing
    context.py    settings of `attache serve` and what routes share
    pages.py      the HTML pages
    marks.py      the article reader's marks (actors, times, places, evidence)
    templates/    Jinja2 templates
    static/       scripts, styles, the world map; nothing is fetched from another host
"""
