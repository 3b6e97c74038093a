# Validation of workflow/config.yaml against workflow/schemas/ (JSON Schema, draft 2020-12):
# validate_config, in config_validation.py beside this file (a module, so that the tests
# call it without a Snakemake run; Snakemake puts this folder on sys.path).

from config_validation import validate_config
