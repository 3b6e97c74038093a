# The numbers the issue names, gathered from the five figures' numbers into
# results/domine2025/numbers.json (quoted in the paper through \Domine... macros).


rule domine2025_numbers:
    input:
        library_modules("workflow/scripts/domine2025/numbers.py"),
        fig1="results/domine2025/fig1/numbers.json",
        fig2="results/domine2025/fig2/numbers.json",
        fig3="results/domine2025/fig3/numbers.json",
        fig4="results/domine2025/fig4/numbers.json",
        fig5="results/domine2025/fig5/numbers.json",
    output:
        "results/domine2025/numbers.json",
    log:
        "logs/domine2025/numbers.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=500,
    script:
        "../../scripts/domine2025/numbers.py"
