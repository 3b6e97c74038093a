# Part II's shared names and helper functions (rule files hold only rules).

MINIMAL_SHAPES = list(D25["minimal"]["shapes"])


def minimal_named(pattern):
    """Figure 1's per-shape files as named inputs (shape_3_3_3, ...) of its rules."""
    return {
        f"shape_{shape.replace('-', '_')}": pattern.format(shape=shape)
        for shape in MINIMAL_SHAPES
    }


# Figure 1's per-shape data (its notebook's inputs) and measurements (its measure rule's)
MINIMAL_NAMED = minimal_named("results/domine2025/fig1/{shape}.npz")
MINIMAL_MEASURED = minimal_named("results/domine2025/fig1/{shape}.json")
