# Part IV: Bordelon & Pehlevan (2022), Figures 1-5 and our Figure 6. One rule file per figure
# (workflow/rules/bordelon2022/figN_<topic>.smk), named like its notebook, and
# numbers.smk, which gathers results/bordelon2022/numbers.json.
# Settings: the `bordelon2022` block of workflow/config.yaml.

from exactdln.experiments.bordelon2022.config import problems as bordelon2022_problems

BP22 = config["bordelon2022"]
# the checks the schema cannot express, naming the keys, before any job starts
check_problems(bordelon2022_problems(BP22))
FIGURES["bordelon2022"] = []
MEASURED["bordelon"] = "results/bordelon2022/numbers.json"
SETTINGS["bordelon"] = BP22


include: "bordelon2022/common.smk"
include: "bordelon2022/fig1_rules.smk"
include: "bordelon2022/fig2_lazy_kernels.smk"
include: "bordelon2022/fig3_dfa_tanh.smk"
include: "bordelon2022/fig4_deep_fa.smk"
include: "bordelon2022/fig5_feature_change.smk"
include: "bordelon2022/fig6_deep_rules.smk"
include: "bordelon2022/numbers.smk"


rule bordelon2022:
    input:
        figure_files("bordelon2022"),


localrules:
    bordelon2022,
