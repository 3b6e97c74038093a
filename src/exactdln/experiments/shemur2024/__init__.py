"""Part V: Shem-Ur & Oz (2024), weak correlations and the linearisation of wide networks.

The figure set is the issues' (the source has no figures of its own besides
an MNIST table): :mod:`.data` (the synthetic teacher task and the MNIST
subsets), :mod:`.width` (Fig. 1 and 3a: network against linearised model over
width and time), :mod:`.correlation_sweep` (Fig. 2a-d and the finite-difference
step study), :mod:`.output_scale` (Fig. 2e: Chizat et al.'s output-scale
sweep, plain and doubling starts), :mod:`.linear_exact` (Fig. 3b: the
lambda-balanced linear network against its linearisation, exactly),
:mod:`.mnist_mlp` (Fig. 4: the source's MNIST experiment, scaled down, with a
fixed number of steps and at matched flow time), :mod:`.authors_protocol`
(Fig. 4: the width experiment of the authors' public code) and :mod:`.sgd`
(Fig. 5: minibatch SGD against the linearisation trained by the same
minibatches); :mod:`.records` holds the recorded steps of Figs. 1, 2e and 5,
:mod:`.slopes` the log-log slopes with their standard errors and power-law
check. :mod:`.numbers` gathers the numbers the paper quotes from the figures'
measurements.
"""
