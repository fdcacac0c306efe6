"""attache: news about international relations in, structured event data out."""
