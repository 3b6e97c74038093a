# Part V: Shem-Ur & Oz (2024), weak correlations and the linearisation of wide networks,
# Figures 1-5 (the issues' figure set). One rule file per figure
# (workflow/rules/shemur2024/figN_<topic>.smk), named like its notebook, with the figure's
# measure (results/shemur2024/figN/numbers.json), plus the tasks (data.smk) and numbers.smk,
# which gathers results/shemur2024/numbers.json.
# Settings: the `shemur2024` block of workflow/config.yaml.

from exactdln.experiments.shemur2024.config import problems as shemur2024_problems

S24 = config["shemur2024"]
# the checks the schema cannot express, naming the keys, before any job starts
check_problems(shemur2024_problems(S24))
FIGURES["shemur2024"] = []
MEASURED["shemur"] = "results/shemur2024/numbers.json"
SETTINGS["shemur"] = S24


include: "shemur2024/common.smk"
include: "shemur2024/data.smk"
include: "shemur2024/fig1_width.smk"
include: "shemur2024/fig2_correlations.smk"
include: "shemur2024/fig3_time.smk"
include: "shemur2024/fig4_mnist.smk"
include: "shemur2024/fig5_sgd.smk"
include: "shemur2024/numbers.smk"


rule shemur2024:
    input:
        figure_files("shemur2024"),


localrules:
    shemur2024,
