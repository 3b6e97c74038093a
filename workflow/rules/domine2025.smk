# Part II: Dominé, Anguita, Proca, Braun, Kunin, Mediano & Saxe (2025), from lazy to rich.
# Figure 1 is the source's Figure 1; Figures 2-5 are ours, built from its stated results.
# One rule file per figure (workflow/rules/domine2025/figN_<topic>.smk), named like its
# notebook; each figure's measure rule (domine2025_<topic>_measure) writes
# results/domine2025/figN/numbers.json, which its notebook reads, and domine2025_numbers
# (domine2025/numbers.smk) gathers them into results/domine2025/numbers.json.
# Settings: the `domine2025` block of workflow/config.yaml.

from exactdln.experiments.domine2025.config import problems as domine2025_problems

D25 = config["domine2025"]
# the checks the schema cannot express, naming the keys, before any job starts
check_problems(domine2025_problems(D25))
FIGURES["domine2025"] = []
MEASURED["domine"] = "results/domine2025/numbers.json"
SETTINGS["domine"] = D25


include: "domine2025/common.smk"
include: "domine2025/fig1_minimal.smk"
include: "domine2025/fig2_modes.smk"
include: "domine2025/fig3_funnel.smk"
include: "domine2025/fig4_hierarchy.smk"
include: "domine2025/fig5_applications.smk"
include: "domine2025/numbers.smk"


rule domine2025:
    input:
        figure_files("domine2025"),
        "results/domine2025/numbers.json",


localrules:
    domine2025,
