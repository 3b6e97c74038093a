"""Part III: Saxe, McClelland & Ganguli (2014), Figures 2–8.

One module per figure topic: :mod:`.phase` (Fig. 2 and the Appendix A erratum),
:mod:`.hierarchy` (Fig. 3), :mod:`.depth` (Fig. 4, with the closed-form and gradient-descent
checks of the deep mode dynamics), :mod:`.mnist` (the MNIST (5k) inputs of Figs. 4–6),
:mod:`.greedy` (Fig. 5), :mod:`.init_depth` (Fig. 6A), :mod:`.products` (Fig. 6B–C),
:mod:`.jacobian` (Fig. 7) and :mod:`.mean_field` (Fig. 8); :mod:`.starts` holds the deep
networks Figs. 5 and 6 start from, :mod:`.common` the helpers they share. Each module's
``measure`` gives a figure's numbers (``results/saxe2014/figN/numbers.json``); :mod:`.numbers`
gathers them into ``results/saxe2014/numbers.json``, the numbers the paper quotes.

Units: the library averages over the ``P`` items (``sigma_yx = Y X^T / P``) and counts time
as ``t = eta * step`` with ``tau = 1``; Saxe et al. sum over items (``Sigma31 = P sigma_yx``)
with ``tau = 1/lambda`` and count epochs. The same data trained with their rate ``lambda``
corresponds to ``eta = lambda P``; their singular values are ``P`` times ours.
"""
