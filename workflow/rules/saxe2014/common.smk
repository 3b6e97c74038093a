# Part III's shared names and helper functions (rule files hold only rules).

HIERARCHY_NETWORKS = ["linear", "tanh"]
INIT_KINDS = S14["init_depth"]["kinds"]
INIT_DEPTH_RUNS = expand("results/saxe2014/fig6/{kind}.npz", kind=INIT_KINDS)
