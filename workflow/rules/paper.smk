# The paper: numbers from results/ become LaTeX macros; latexmk builds paper/main.pdf.
# Included last: FIGURE_NAMES and MEASURED hold every topic's entries by now.


rule macros:
    input:
        **MEASURED,
    output:
        "results/paper/numbers.tex",
    log:
        "logs/paper/macros.log",
    conda:
        "../envs/exactdln.yaml"
    params:
        settings={k: config[k] for k in MEASURED},
    script:
        "../scripts/macros.py"


rule paper:
    input:
        tex="paper/main.tex",
        bib="paper/references.bib",
        sections=sorted(str(p) for p in Path("paper/sections").glob("*.tex")),
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
