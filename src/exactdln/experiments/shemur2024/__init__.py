"""Part V: Shem-Ur & Oz (2024), weak correlations and the linearisation of wide networks.

The figure set is the issue's (the source has no figures of its own besides
an MNIST table): :mod:`.data` (the synthetic teacher task and the MNIST
subsets), :mod:`.width` (Fig. 1 and 3a: network against linearised model over
width and time), :mod:`.correlation_sweep` (Fig. 2a-d and the finite-difference
step study), :mod:`.output_scale` (Fig. 2e: Chizat et al.'s output-scale
sweep, plain and doubling starts), :mod:`.linear_exact` (Fig. 3b: the
lambda-balanced linear network against its linearisation, exactly) and
:mod:`.mnist_mlp` (Fig. 4: the source's MNIST experiment, scaled down);
:mod:`.records` holds the recorded steps of Figs. 1 and 2e.
:mod:`.numbers` gathers the numbers the paper quotes from the figures' measurements.
"""
