"""Math: the forward pass, the cost, the output-layer gradients and the update of this
network, each written symbolically and then with the current run's step 1 substituted."""

import streamlit as st

from lab import state, worked
from lab.routing import use_navigation

use_navigation()

NUMBERS = "With this run's numbers"
slots = {}

st.title("The math of this network")

st.markdown(
    "Nodes are numbered 0–9, layer by layer: inputs x0, x1 (nodes 0, 1), hidden "
    "h2 … h7, outputs o8, o9. $w_{ij}$ is the weight on the edge from node $i$ to node "
    "$j$, $b_j$ the bias of node $j$. A node's output $out_j$ is written $x_0, x_1$ for the "
    "inputs, $out_{h2} … out_{h7}$ for the hidden nodes and $o_8, o_9$ for the outputs."
)

st.subheader("Forward pass")
st.latex(
    r"net_j = \sum_i w_{ij}\, out_i + b_j, \qquad out_j = \sigma(net_j) = \frac{1}{1+e^{-net_j}}"
)
st.latex(r"out_0 = x_0,\quad out_1 = x_1")
st.latex(r"net_2 = w_{02}\,x_0 + w_{12}\,x_1 + b_2, \qquad net_3 = w_{03}\,x_0 + w_{13}\,x_1 + b_3")
st.latex(
    r"net_8 = w_{68}\,out_{h6} + w_{78}\,out_{h7} + b_8, \qquad "
    r"net_9 = w_{69}\,out_{h6} + w_{79}\,out_{h7} + b_9"
)
slots["forward"] = st.container(border=True)

st.subheader("Matrix convention")
st.markdown(
    "Each layer is $Z = X W + b$ with $X$ of shape $(N, 2)$ (one row per example), "
    "$W$ of shape $(2, 2)$ and $W[i, j] = w_{ij}$: rows are the sending nodes, columns the "
    "receiving ones. The seed article writes $W^T X$ with examples as columns: the same "
    "numbers, transposed."
)
st.latex(
    r"\begin{bmatrix} net_2 & net_3 \end{bmatrix} = "
    r"\begin{bmatrix} x_0 & x_1 \end{bmatrix}"
    r"\begin{bmatrix} w_{02} & w_{03} \\ w_{12} & w_{13} \end{bmatrix} + "
    r"\begin{bmatrix} b_2 & b_3 \end{bmatrix}"
)

st.subheader("Cost")
st.markdown(
    "Class 0 is the target $(y_1, y_2) = (1, 0)$, class 1 is $(0, 1)$; $o_8$ scores class 0, "
    "$o_9$ class 1. Over a batch of $N$ rows:"
)
st.latex(
    r"Cost = -\frac{1}{2N}\sum_{n=1}^{N}\Big[y_1 \log o_8 + (1-y_1)\log(1-o_8)"
    r" + y_2 \log o_9 + (1-y_2)\log(1-o_9)\Big]"
)
slots["cost"] = st.container(border=True)

st.subheader("Output-layer gradients")
st.markdown(
    "$\\delta_j = \\partial Cost / \\partial net_j$, summed over the batch. A sigmoid output "
    "meeting binary cross-entropy gives $\\partial Cost/\\partial net_8 = (o_8 - y_1)/(2N)$ "
    "per row: the sigmoid's slope $o(1-o)$ cancels against the log's $1/(o(1-o))$."
)
st.latex(
    r"\delta_8 = \Delta b_8 = \frac{1}{2N}\sum_{n}(o_8 - y_1), \qquad "
    r"\delta_9 = \Delta b_9 = \frac{1}{2N}\sum_{n}(o_9 - y_2)"
)
st.latex(
    r"\Delta w_{68} = \frac{1}{2N}\sum_{n}(o_8 - y_1)\,out_{h6}, \qquad "
    r"\Delta w_{69} = \frac{1}{2N}\sum_{n}(o_9 - y_2)\,out_{h6}"
)
st.markdown(
    "Hidden nodes pass each row's error back through the weights and their own slope, and "
    "the batch sum comes last: inside $\\sum_n$ every $o$, $y$ and $out$ is row $n$'s. "
    "(A row's slope times the summed $\\delta_8$, $\\delta_9$ would mix rows.)"
)
st.latex(
    r"\delta_6 = \sum_{n} out_{h6}(1-out_{h6})\,"
    r"\Big(w_{68}\,\frac{o_8 - y_1}{2N} + w_{69}\,\frac{o_9 - y_2}{2N}\Big)"
)
slots["gradients"] = st.container(border=True)

st.subheader("Update")
st.markdown("Every parameter moves at once, from the same forward pass:")
st.latex(r"p \leftarrow p - \alpha\, \Delta p \qquad \text{for all 24 parameters } p")
slots["update"] = st.container(border=True)

# The run comes last, so a data problem stops only the numbers, never the formulas above.
history = state.run_or_stop()
step = worked.first_step(history)
if step is None:
    slots["forward"].info(f"{NUMBERS}: this run took no step, so there are none to show.")
    st.stop()

captions = {
    "forward": step.about,
    "cost": "The first row's bracket L, then the batch cost: the batch loss of step 1.",
    "gradients": step.table,
    "update": "Every other parameter moves the same way, from the same forward pass.",
}
for name, slot in slots.items():
    with slot:
        st.markdown(f"**{NUMBERS}** (step 1)")
        st.caption(captions[name])
        for line in getattr(step, name):
            st.latex(line)
slots["update"].page_link(
    "pages/step.py",
    label="Any other step, all four gradients and the long chain-rule form: Step by step",
    icon=":material/stairs:",
)
