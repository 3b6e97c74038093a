"""Part II: Dominé, Anguita, Proca, Braun, Kunin, Mediano & Saxe (2025), from lazy to rich.

One module per figure topic (Figure 1 is the source's Figure 1, Figures 2–5
are ours, built from the source's stated results): :mod:`.minimal` (Fig. 1,
the minimal model of the rich and lazy regimes), :mod:`.modes` (Fig. 2a–b,
aligned modes and their half-learning times), :mod:`.lazy_ntk` (Fig. 2c–e,
the NTK in the lazy limit), :mod:`.funnel` (Fig. 3, unequal input and output
dimensions), :mod:`.hierarchy` (Fig. 4, the semantic hierarchy across
``lam``), :mod:`.reversal` and :mod:`.continual` (Fig. 5, applications). Each
figure's numbers (its measurements and its named numbers) come from
:mod:`.figure_numbers`; :mod:`.numbers` gathers them into the part's numbers the
paper quotes. Shared helpers are in :mod:`.common`, checks of the settings in
:mod:`.config`.
"""
