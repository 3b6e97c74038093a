# The numbers Part V quotes, gathered from the five figures' measurements into
# results/shemur2024/numbers.json (quoted in the paper through \Shemur... macros).


rule shemur2024_numbers:
    input:
        library_modules("workflow/scripts/shemur2024/numbers.py"),
        fig1="results/shemur2024/fig1/numbers.json",
        fig2="results/shemur2024/fig2/numbers.json",
        fig3="results/shemur2024/fig3/numbers.json",
        fig4="results/shemur2024/fig4/numbers.json",
        fig5="results/shemur2024/fig5/numbers.json",
    output:
        "results/shemur2024/numbers.json",
    log:
        "logs/shemur2024/numbers.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=500,
    script:
        "../../scripts/shemur2024/numbers.py"
