# Every number Part III quotes, gathered from the figures' numbers (each figure's measure,
# rules saxe2014_<topic>_measure) into results/saxe2014/numbers.json (the \Saxe... macros).


rule saxe2014_numbers:
    input:
        library_modules("workflow/scripts/saxe2014/numbers.py"),
        fig2="results/saxe2014/fig2/numbers.json",
        fig3="results/saxe2014/fig3/numbers.json",
        fig4="results/saxe2014/fig4/numbers.json",
        fig5="results/saxe2014/fig5/numbers.json",
        fig6="results/saxe2014/fig6/numbers.json",
        fig7="results/saxe2014/fig7/numbers.json",
        fig8="results/saxe2014/fig8/numbers.json",
    output:
        "results/saxe2014/numbers.json",
    log:
        "logs/saxe2014/numbers.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=500,
    script:
        "../../scripts/saxe2014/numbers.py"
