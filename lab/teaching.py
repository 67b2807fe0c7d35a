"""Teaching notes computed from the weights: when the two nodes of a layer are twins."""

from __future__ import annotations

from collections.abc import Mapping

HIDDEN_PAIRS = ((2, 3), (4, 5), (6, 7))


def _same(values: Mapping[str, float], names_a: list[str], names_b: list[str]) -> bool:
    return all(values[a] == values[b] for a, b in zip(names_a, names_b, strict=True))


def twin_layers(values: Mapping[str, float]) -> list[tuple[int, int]]:
    """Hidden node pairs (a, b) that compute the same thing and will keep doing so.

    Nodes a and b of a hidden layer are twins when their incoming weights and biases are
    equal (same net for every input) and their outgoing weights are equal too (so the
    error sent back to them, hence their update, is equal). Then no gradient step can
    ever tell them apart.
    """
    twins = []
    for a, b in HIDDEN_PAIRS:
        before = (a - 2, a - 1)
        after = (a + 2, a + 3) if a + 2 <= 9 else ()
        incoming = _same(values, [f"w{i}{a}" for i in before], [f"w{i}{b}" for i in before])
        bias = values[f"b{a}"] == values[f"b{b}"]
        outgoing = _same(values, [f"w{a}{k}" for k in after], [f"w{b}{k}" for k in after])
        if incoming and bias and outgoing:
            twins.append((a, b))
    return twins


def twin_note(values: Mapping[str, float]) -> str | None:
    """A sentence explaining the twins, or None when every layer can break its symmetry."""
    twins = twin_layers(values)
    if not twins:
        return None
    pairs = ", ".join(f"h{a} and h{b}" for a, b in twins)
    return (
        f"**Symmetric start:** {pairs} have equal incoming weights, equal biases and equal "
        "outgoing weights. Each pair computes the same output for every input, so "
        "backpropagation sends both nodes the same δ and gives them the same update: they "
        "stay identical for the whole run, and the layer can do no more than one node. "
        "This is why weights are initialised at random — move one of their sliders, or "
        "pick another scheme, to break the tie."
    )
