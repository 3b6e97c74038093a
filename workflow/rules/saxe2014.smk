# Part III: Saxe, McClelland & Ganguli (2014), Figures 2-8. One rule file per figure
# (workflow/rules/saxe2014/figN_<topic>.smk), named like its notebook; its measure
# (saxe2014_<topic>_measure) writes results/saxe2014/figN/numbers.json, which the figure reads.
# Settings: the `saxe2014` block of workflow/config.yaml. Every number the part quotes is
# gathered in results/saxe2014/numbers.json (rule saxe2014_numbers, macro prefix `saxe`).

from exactdln.experiments.saxe2014.config import problems as saxe2014_problems

S14 = config["saxe2014"]
# the checks the schema cannot express, naming the keys, before any job starts
check_problems(saxe2014_problems(S14))
FIGURES["saxe2014"] = []
MEASURED["saxe"] = "results/saxe2014/numbers.json"
SETTINGS["saxe"] = S14


include: "saxe2014/common.smk"
include: "saxe2014/fig2_phase.smk"
include: "saxe2014/fig3_hierarchy.smk"
include: "saxe2014/fig4_depth.smk"
include: "saxe2014/fig5_pretraining.smk"
include: "saxe2014/fig6_initialisation.smk"
include: "saxe2014/fig7_jacobian.smk"
include: "saxe2014/fig8_mean_field.smk"
include: "saxe2014/numbers.smk"


rule saxe2014:
    input:
        figure_files("saxe2014"),
        "results/saxe2014/numbers.json",


localrules:
    saxe2014,
