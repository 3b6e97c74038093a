"""The computations behind the paper's figures, one module per figure topic.

Each module has a ``run(...)`` that returns the arrays a figure plots and a
``measure(...)`` that returns the numbers the paper quotes; the workflow's
scripts (``workflow/scripts/``) call them with the values from
``workflow/config.yaml`` and write the results atomically
(:mod:`exactdln.io`). They are ordinary functions: call them from a notebook
with other parameters to explore.
"""
