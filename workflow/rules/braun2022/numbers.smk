# Part I's numbers: every figure's results/braun2022/figN/numbers.json, nested by topic in
# results/braun2022/numbers.json (quoted in the paper through \InitScale..., \Tracking... macros).


rule braun2022_numbers:
    input:
        library_modules("workflow/scripts/braun2022/numbers.py"),
        fig1="results/braun2022/fig1/numbers.json",
        fig2="results/braun2022/fig2/numbers.json",
        fig3="results/braun2022/fig3/numbers.json",
        fig4="results/braun2022/fig4/numbers.json",
        fig5="results/braun2022/fig5/numbers.json",
        fig6="results/braun2022/fig6/numbers.json",
        fig7="results/braun2022/fig7/numbers.json",
    output:
        "results/braun2022/numbers.json",
    log:
        "logs/braun2022/numbers.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=500,
    script:
        "../../scripts/braun2022/numbers.py"
