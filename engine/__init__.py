"""Backprop Lab's engine: the seed network in NumPy, its training loop and its data.

Never imports Streamlit: pages reach it through the helpers in ``lab``.
"""

from engine.gradcheck import gradient_check, numeric_gradients
from engine.model import INIT_SCHEMES, Network
from engine.network import PARAM_GROUPS, PARAM_NAMES, Forward
from engine.training import STEP_COLUMNS, History, Trainer, train

__all__ = [
    "INIT_SCHEMES",
    "PARAM_GROUPS",
    "PARAM_NAMES",
    "STEP_COLUMNS",
    "Forward",
    "History",
    "Network",
    "Trainer",
    "gradient_check",
    "numeric_gradients",
    "train",
]
