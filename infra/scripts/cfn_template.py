"""template.yaml as plain data, for the template checks: CloudFormation's
short-form tags (!Ref, !Sub, !If, ...) are read as the values they wrap."""
import yaml


class CfnLoader(yaml.SafeLoader):
    """Reads CloudFormation short-form tags as plain values."""


def _any_tag(loader, _suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


CfnLoader.add_multi_constructor("!", _any_tag)


def load(path="template.yaml"):
    """The template at `path`."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=CfnLoader)
