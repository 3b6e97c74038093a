# Part II: Dominé, Anguita, Proca, Braun, Kunin, Mediano & Saxe (2025), from lazy to rich.
# Figure 1 is the source's Figure 1; Figures 2-5 are ours, built from its stated results.
# One rule file per figure (workflow/rules/domine2025/figN_<topic>.smk), named like its
# notebook. Settings: the `domine2025` block of workflow/config.yaml.

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


# The numbers the paper quotes: every figure's measurements, and the issue's named keys.
rule domine2025_measure:
    input:
        library_modules("workflow/scripts/domine2025/measure.py"),
        unpack(domine_numbers),
    output:
        "results/domine2025/numbers.json",
    log:
        "logs/domine2025/measure.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=500,
    params:
        slope_shape=D25["lazy_ntk"]["slope_shape"],
        funnel_shape=D25["funnel"]["loss_shape"],
    script:
        "../scripts/domine2025/measure.py"


rule domine2025:
    input:
        figure_files("domine2025"),
        "results/domine2025/numbers.json",


localrules:
    domine2025,
