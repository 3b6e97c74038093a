"""Part I: Braun, Dominé, Fitzgerald & Saxe (2022), Figures 1–7.

One module per figure topic: :mod:`.init_scale` (Fig. 1), :mod:`.tracking`
(Fig. 2a–b), :mod:`.learning_rate` (Fig. 2c–d), :mod:`.representations`
(Fig. 3), :mod:`.alignment` (Fig. 4), :mod:`.regimes` (Fig. 5),
:mod:`.continual` and :mod:`.forgetting` (Fig. 6), :mod:`.reversal` and
:mod:`.reversal_structure` (Fig. 7).
"""
