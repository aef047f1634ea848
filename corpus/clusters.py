"""Connected components of similar pairs (union-find), for clusters and passage groups."""

from collections.abc import Hashable, Iterable


def connected_components(pairs: Iterable[tuple[Hashable, Hashable]]) -> list[list]:
    """Components (each a sorted list, size >= 2) of the graph whose edges are `pairs`.

    >>> connected_components([("b", "c"), ("a", "b"), ("x", "y")])
    [['a', 'b', 'c'], ['x', 'y']]
    """
    parent: dict = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving keeps the trees flat
            x = parent[x]
        return x

    for a, b in pairs:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    groups: dict = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    return sorted((sorted(members) for members in groups.values()), key=lambda m: (-len(m), m[0]))
