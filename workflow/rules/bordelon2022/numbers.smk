# The numbers the issue names, gathered from the six figures' measurements into
# results/bordelon2022/numbers.json (quoted in the paper through \Bordelon... macros).


rule bordelon2022_numbers:
    input:
        library_modules("workflow/scripts/bordelon2022/numbers.py"),
        fig1="results/bordelon2022/fig1/numbers.json",
        fig2="results/bordelon2022/fig2/numbers.json",
        fig3="results/bordelon2022/fig3/numbers.json",
        fig4="results/bordelon2022/fig4/numbers.json",
        fig5="results/bordelon2022/fig5/numbers.json",
        fig6="results/bordelon2022/fig6/numbers.json",
    output:
        "results/bordelon2022/numbers.json",
    log:
        "logs/bordelon2022/numbers.log",
    benchmark:
        "logs/bordelon2022/benchmarks/numbers.tsv"
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=500,
    script:
        "../../scripts/bordelon2022/numbers.py"
