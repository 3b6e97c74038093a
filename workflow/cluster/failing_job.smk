# A job that fails on purpose, for CI only (not part of the paper's workflow): run
# through SLURM, it must make Snakemake fail and show the job's log, not hang.
#   snakemake -s workflow/cluster/failing_job.smk --profile workflow/profiles/slurm \
#     --profile workflow/profiles/slurm-single-node --retries 0


rule cluster_failing_job:
    output:
        "cluster_failing_job.txt",
    log:
        "logs/cluster_failing_job.log",
    resources:
        runtime=1,
        mem_mb=100,
    shell:
        "(printf 'cluster_failing_job on %s: failing on purpose\\n' $(hostname); exit 3) > {log} 2>&1"
