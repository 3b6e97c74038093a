"""Part IV: Bordelon & Pehlevan (2022), how the learning rule shapes representation dynamics.

One module per figure topic: :mod:`.two_layer_rules` and :mod:`.two_layer_measure`
(Fig. 1, two-layer ReLU networks under GD, FA, GLN and Hebb, and their DMFT), :mod:`.lazy`
(Fig. 2, lazy kernels of rho-FA and of gated linear networks against width),
:mod:`.dfa_tanh` (Fig. 3, deep tanh DFA networks at several richness values against
the DMFT), :mod:`.deep_fa` (Fig. 4, deep linear rho-FA: closure against networks),
:mod:`.feature_change` (Fig. 5, two-layer linear feature change against ``gamma0``),
:mod:`.deep_rules`, :mod:`.deep_measure` and :mod:`.dmft_checks` (Fig. 6, ours: the DMFT
of deep GD and rho-FA against networks, and checks of the DMFT solvers);
:mod:`.dmft_solves` solves each figure's DMFT (the only module here that imports the
solvers, so an edit to a solver reruns no network), :mod:`.theory` compares networks with
the stored solves, :mod:`.items` draws the items
and :mod:`.numbers` assembles ``results/bordelon2022/numbers.json``. The networks and the
infinite-width theory are library code: :mod:`exactdln.learning_rules`,
:mod:`exactdln.learning_rule_theory` and the DMFT solvers :mod:`exactdln.dmft` and
:mod:`exactdln.dmft_deep`.
"""
