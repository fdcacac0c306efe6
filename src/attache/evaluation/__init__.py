"""Evaluation helpers: gold-standard loaders (and, later, scorers)."""
