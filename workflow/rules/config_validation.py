"""Validation of workflow/config.yaml against workflow/schemas/ (JSON Schema, draft 2020-12).

A module rather than rule-file code so that the tests call it directly, without a
Snakemake run: ``validation.smk`` imports it (Snakemake puts the folder of every
rule file it includes on ``sys.path``), ``tests/test_workflow.py`` loads it by path.
"""

import functools
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator, ValidationError, validators
from referencing import Registry, Resource
from snakemake.exceptions import WorkflowError

# libyaml's parser where PyYAML was built with it (several times faster)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _with_defaults(validator_class):
    """The validator class, extended to fill in each property's ``default`` (as snakemake.utils.validate)."""
    check_properties = validator_class.VALIDATORS["properties"]

    def properties(validator, props, instance, schema):
        if isinstance(instance, dict):
            for name, subschema in props.items():
                if isinstance(subschema, dict) and "default" in subschema:
                    instance.setdefault(name, subschema["default"])
        yield from check_properties(validator, props, instance, schema)

    return validators.extend(validator_class, {"properties": properties})


@functools.cache
def _validator(top: Path):
    """The defaults-filling validator of the schema file ``top`` (an absolute path), built once."""
    resources = {
        path.as_uri(): yaml.load(path.read_text(), Loader=_LOADER)
        for path in sorted(top.parent.glob("*.yaml"))
    }
    contents = dict(resources[top.as_uri()], **{"$id": top.as_uri()})
    registry = Registry().with_resources(
        (uri, Resource.from_contents(value)) for uri, value in resources.items()
    )
    return _with_defaults(Draft202012Validator)(contents, registry=registry)


def validate_config(config, schema):
    """Validate ``config`` against the schema file ``schema``, filling in defaults.

    The same check and the same message as ``snakemake.utils.validate``, but
    every schema file in the folder of ``schema`` is parsed once: Snakemake's
    own function parses a file again for every ``$ref`` into it (the part
    schemas refer to ``common.schema.yaml`` about 150 times), which cost 3.5 s
    of every Snakemake start, every dry run and every cluster job.
    """
    try:
        _validator(Path(schema).resolve()).validate(config)
    except ValidationError as error:
        raise WorkflowError("Error validating config file.", error) from error
