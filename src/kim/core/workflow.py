"""Lookups in a transition table (a list of objects with ``source`` and ``target``), shared by
every app whose states are data (cases/workflow.py, hurdles/workflow.py)."""


def find_transition(table, source, target):
    return next((t for t in table if t.source == source and t.target == target), None)


def transitions_from(table, state):
    return [t for t in table if t.source == state]
