# The paper: numbers from results/ become LaTeX macros; latexmk builds paper/main.pdf.
# Included last: FIGURES, MEASURED and SETTINGS hold every part's entries by now.


rule macros:
    input:
        library_modules("workflow/scripts/macros.py"),
        **MEASURED,
    output:
        "results/paper/numbers.tex",
    log:
        "logs/paper/macros.log",
    conda:
        "../envs/exactdln.yaml"
    params:
        settings=SETTINGS,
    script:
        "../scripts/macros.py"


rule paper:
    input:
        tex="paper/main.tex",
        bib="paper/references.bib",
        sections=sorted(str(p) for p in Path("paper/sections").rglob("*.tex")),
        numbers="results/paper/numbers.tex",
        figures=figure_files(ext=["pdf"]),
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
