# Computations: simulations and exact solutions, written to results/.


rule init_scale:
    input:
        LIBRARY,
    output:
        data="results/fig1/dynamics.npz",
        numbers="results/fig1/numbers.json",
    log:
        "logs/init_scale.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        run=config["init_scale"],
        progress=config["progress"],
    script:
        "../scripts/init_scale.py"


rule tracking:
    input:
        LIBRARY,
    output:
        data="results/fig2/tracking.npz",
        numbers="results/fig2/tracking.json",
    log:
        "logs/tracking.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        run=config["tracking"],
        progress=config["progress"],
    script:
        "../scripts/tracking.py"


rule learning_rate_configs:
    input:
        LIBRARY,
    output:
        "results/fig2/learning_rate/configs.json",
    log:
        "logs/learning_rate/configs.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=500,
    params:
        run=LR_CONFIG,
    script:
        "../scripts/learning_rate_configs.py"


rule learning_rate_simulate:
    input:
        LIBRARY,
        configs="results/fig2/learning_rate/configs.json",
    output:
        "results/fig2/learning_rate/eta{eta}_chunk{chunk}.npz",
    log:
        "logs/learning_rate/eta{eta}_chunk{chunk}.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=30,
        mem_mb=2000,
    params:
        target_std=LR_CONFIG["target_std"],
        progress=config["progress"],
    script:
        "../scripts/learning_rate_simulate.py"


rule learning_rate_exact:
    input:
        LIBRARY,
        configs="results/fig2/learning_rate/configs.json",
    output:
        "results/fig2/learning_rate/exact.npz",
    log:
        "logs/learning_rate/exact.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=10,
        mem_mb=1000,
    params:
        target_std=LR_CONFIG["target_std"],
    script:
        "../scripts/learning_rate_exact.py"


rule learning_rate_measure:
    input:
        LIBRARY,
        configs="results/fig2/learning_rate/configs.json",
        exact="results/fig2/learning_rate/exact.npz",
        runs=learning_rate_runs,
    output:
        data="results/fig2/learning_rate.npz",
        numbers="results/fig2/learning_rate.json",
    log:
        "logs/learning_rate/measure.log",
    conda:
        "../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        n_examples=LR_CONFIG["n_examples"],
        mse_bound=LR_CONFIG["mse_bound"],
    script:
        "../scripts/learning_rate_measure.py"
