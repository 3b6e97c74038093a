# The paper: numbers from results/ become LaTeX macros; latexmk builds paper/main.pdf.


rule macros:
    input:
        init_scale="results/fig1/numbers.json",
        tracking="results/fig2/tracking.json",
        learning_rate="results/fig2/learning_rate.json",
    output:
        "results/paper/numbers.tex",
    log:
        "logs/paper/macros.log",
    conda:
        "../envs/exactdln.yaml"
    params:
        settings={k: config[k] for k in ("init_scale", "tracking", "learning_rate")},
    script:
        "../scripts/macros.py"


rule paper:
    input:
        tex="paper/main.tex",
        bib="paper/references.bib",
        numbers="results/paper/numbers.tex",
        figures=expand("figures/{name}.pdf", name=FIGURE_NAMES),
    output:
        "paper/main.pdf",
    log:
        "logs/paper/latexmk.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=2000,
    script:
        "../scripts/build_paper.py"
