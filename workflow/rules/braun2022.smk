# Part I: Braun, Dominé, Fitzgerald & Saxe (2022), Figures 1-7. One rule file per
# figure (workflow/rules/braun2022/figN_<topic>.smk), named like its notebook.
# Settings: the `braun2022` block of workflow/config.yaml.

from exactdln.experiments.braun2022.config import problems as braun2022_problems

B22 = config["braun2022"]
# the checks the schema cannot express, naming the keys, before any job starts
check_problems(braun2022_problems(B22))
FIGURES["braun2022"] = []
# Part I's numbers, nested by topic (init_scale, tracking, ...): the topics are the macro
# prefixes (\InitScale..., \Tracking...), so this entry's own prefix is empty (macros.py)
MEASURED["braun"] = "results/braun2022/numbers.json"


include: "braun2022/common.smk"
include: "braun2022/fig1_initialisation.smk"
include: "braun2022/fig2_tracking.smk"
include: "braun2022/fig3_representations.smk"
include: "braun2022/fig4_alignment.smk"
include: "braun2022/fig5_regimes.smk"
include: "braun2022/fig6_continual.smk"
include: "braun2022/fig7_reversal.smk"
include: "braun2022/numbers.smk"


rule braun2022:
    input:
        figure_files("braun2022"),


localrules:
    braun2022,
