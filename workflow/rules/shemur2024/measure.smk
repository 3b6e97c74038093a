# The numbers Part V quotes: every experiment reduced to results/shemur2024/numbers.json, and
# the width groups of Figure 1 merged into one file per task and activation.


rule shemur2024_measure:
    input:
        library_modules("workflow/scripts/shemur2024/measure.py"),
        unpack(s24_width_runs),
        **s24_scale_runs(),
        **s24_mlp_runs(),
        sweep="results/shemur2024/correlations/sweep.npz",
        fd="results/shemur2024/correlations/fd.npz",
        linear="results/shemur2024/linear_exact.npz",
    output:
        **s24_merged_runs(),
        numbers="results/shemur2024/numbers.json",
    log:
        "logs/shemur2024/measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        cfg=S24,
        data=S24_DATA,
        activations=S24_ACTIVATIONS,
        scale_activations=S24_SCALE_ACTIVATIONS,
        alphas=S24_ALPHAS,
        n_groups={act: len(s24_groups(act)) for act in S24_ACTIVATIONS},
    script:
        "../../scripts/shemur2024/measure.py"
