"""Boards: boards/<name>/board.yaml (keys name, arch, description)."""

import difflib
import os
from dataclasses import dataclass

from .common import KtError, load_yaml, rel

# kt test runs native_sim apps a second time under ASan/UBSan as this board.
SANITIZE_BOARD = "native_sim-asan"
SANITIZE_BASE_BOARD = "native_sim"


@dataclass
class Board:
    name: str
    arch: str
    description: str


def list_boards(base):
    """Every board with a board.yaml, sorted by name."""
    root = os.path.join(base, "boards")
    boards = []
    if not os.path.isdir(root):
        return boards
    for name in sorted(os.listdir(root)):
        yml = os.path.join(root, name, "board.yaml")
        if not os.path.isfile(yml):
            continue
        data = load_yaml(yml)
        if not isinstance(data, dict):
            raise KtError(f"{rel(yml)}: expected a mapping with keys name, arch, description",
                          "fix the board description")
        if data.get("name", name) != name:
            raise KtError(f"{rel(yml)}: name '{data.get('name')}' differs from its folder '{name}'",
                          f"set name: {name}")
        boards.append(Board(name, str(data.get("arch", "?")), str(data.get("description", ""))))
    return boards


def board_names(base):
    return [b.name for b in list_boards(base)]


def check_board(base, name, allow_sanitize=False):
    """Raises a KtError listing the boards when NAME is not one of them."""
    names = board_names(base)
    if name in names:
        return name
    if allow_sanitize and name == SANITIZE_BOARD and SANITIZE_BASE_BOARD in names:
        return name
    choices = names + ([SANITIZE_BOARD] if allow_sanitize and SANITIZE_BASE_BOARD in names else [])
    close = difflib.get_close_matches(name, choices, n=1)
    hint = f"did you mean {close[0]}? " if close else ""
    listed = ", ".join(choices) if choices else "none"
    raise KtError(f"unknown board '{name}' (boards: {listed})",
                  f"{hint}run kt boards to list them")


def format_boards(boards):
    if not boards:
        return "no boards (no boards/*/board.yaml)"
    wn = max(len("BOARD"), *(len(b.name) for b in boards))
    wa = max(len("ARCH"), *(len(b.arch) for b in boards))
    lines = [f"{'BOARD':<{wn}}  {'ARCH':<{wa}}  DESCRIPTION"]
    lines += [f"{b.name:<{wn}}  {b.arch:<{wa}}  {b.description}" for b in boards]
    return "\n".join(lines)
