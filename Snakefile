# Rebuilds every figure of the paper and the paper itself: `snakemake --cores 8`.
# Parameters: workflow/config.yaml (schema: workflow/schemas/config.schema.yaml).

from snakemake.utils import min_version, validate

min_version("8.0")


configfile: "workflow/config.yaml"


validate(config, "workflow/schemas/config.schema.yaml")


report: "workflow/report/workflow.rst"


# cheap steps run on the submitting machine, not as cluster jobs (the paper
# needs TeX, which is more often installed there than on compute nodes)
localrules:
    all,
    figures,
    macros,
    paper,


include: "workflow/rules/common.smk"
include: "workflow/rules/dynamics.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/representations.smk"
include: "workflow/rules/alignment.smk"
include: "workflow/rules/regimes.smk"
include: "workflow/rules/continual.smk"
include: "workflow/rules/reversal.smk"
include: "workflow/rules/paper.smk"


FIGURES = expand("figures/{name}.{ext}", name=FIGURE_NAMES, ext=["pdf", "png"])


rule all:
    default_target: True
    input:
        FIGURES,
        "paper/main.pdf",


rule figures:
    input:
        FIGURES,
