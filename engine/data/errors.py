"""The one exception the data step raises, and how its messages list rows."""


class DataError(ValueError):
    """A problem with the data a learner chose, in words they can act on.

    The message names the file (or data set), the column or the lines, the value at fault
    and what to do. Pages show it with ``st.error`` as it is.
    """


def format_lines(lines, limit: int = 8) -> str:
    """``[4, 9, 12]`` -> ``"lines 4, 9, 12"``; long lists end with ``"and 5 more"``."""
    lines = [int(line) for line in lines]
    word = "line" if len(lines) == 1 else "lines"
    shown = ", ".join(str(line) for line in lines[:limit])
    if len(lines) > limit:
        shown += f" and {len(lines) - limit} more"
    return f"{word} {shown}"


def format_values(values, limit: int = 4) -> str:
    """Distinct values, quoted, in order of first appearance: ``"'?', 'abc'"``."""
    distinct = list(dict.fromkeys(str(value) for value in values))
    shown = ", ".join(f"'{value}'" if value else "blank" for value in distinct[:limit])
    if len(distinct) > limit:
        shown += ", …"
    return shown
