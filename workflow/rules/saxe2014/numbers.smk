# Every number Part III quotes, from every figure's results, in one file.


rule saxe2014_measure:
    input:
        library_modules("workflow/scripts/saxe2014/measure.py"),
        phase="results/saxe2014/fig2/phase.npz",
        hierarchy_linear="results/saxe2014/fig3/linear.npz",
        hierarchy_tanh="results/saxe2014/fig3/tanh.npz",
        depth_checks="results/saxe2014/fig4/checks.npz",
        depth_sweep="results/saxe2014/fig4/sweep.npz",
        mnist="results/saxe2014/mnist.npz",
        pretraining="results/saxe2014/fig5/pretraining.npz",
        init_depth=INIT_DEPTH_RUNS,
        products="results/saxe2014/fig6/products.npz",
        jacobian="results/saxe2014/fig7/jacobian.npz",
        mean_field="results/saxe2014/fig8/mean_field.npz",
    output:
        "results/saxe2014/numbers.json",
    log:
        "logs/saxe2014/measure.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=2000,
    params:
        config=S14,
        kinds=INIT_KINDS,
    script:
        "../../scripts/saxe2014/measure.py"
