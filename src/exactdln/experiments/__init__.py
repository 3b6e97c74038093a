"""The computations behind the paper's figures: one subpackage per source paper.

Each subpackage is named by the source's citation key (``braun2022``, and
later ``domine2025``, ``saxe2014``, ``bordelon2022``, ``shemur2024``) and
holds one module per figure topic. Each module has a ``run(...)`` that
returns the arrays a figure plots and a ``measure(...)`` that returns the
numbers the paper quotes; the workflow's scripts
(``workflow/scripts/<part>/``) call them with the values from the part's
block of ``workflow/config.yaml`` and write the results atomically
(:mod:`exactdln.io`). They are ordinary functions: call them from a notebook
with other parameters to explore. Helpers every part may use live in
:mod:`exactdln.experiments._common`; anything a later part reuses as a
library function (tasks, measures, simulations, fits) belongs in the library
modules, not here.
"""
