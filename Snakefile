# Rebuilds every figure of the paper and the paper itself: `snakemake --cores 8`.
# One part per source paper, each in folders named by its citation key
# (rules, scripts, notebooks, report captions, results, figures, paper sections).
# Parameters: workflow/config.yaml, one block per part (schema: workflow/schemas/).

from snakemake.utils import min_version

min_version("8.0")


configfile: "workflow/config.yaml"


include: "workflow/rules/validation.smk"


validate_config(config, "workflow/schemas/config.schema.yaml")


report: "workflow/report/workflow.rst"


# cheap steps run on the submitting machine, not as cluster jobs (the paper
# needs TeX, which is more often installed there than on compute nodes)
localrules:
    all,
    figures,
    macros,
    paper,


include: "workflow/rules/common.smk"
include: "workflow/rules/braun2022.smk"
include: "workflow/rules/domine2025.smk"
include: "workflow/rules/saxe2014.smk"
include: "workflow/rules/bordelon2022.smk"
include: "workflow/rules/shemur2024.smk"
include: "workflow/rules/paper.smk"


rule all:
    default_target: True
    input:
        figure_files(),
        "paper/main.pdf",


rule figures:
    input:
        figure_files(),
