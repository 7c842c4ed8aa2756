"""The rule index of docs/architecture.md ("rule → file → test") names files, functions and tests that exist."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


def _rows():
    text = (ROOT / "docs" / "architecture.md").read_text()
    index = text[text.index("## Rule index") :]
    for line in index.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 4 and cells[0] != "rule" and not set(cells[0]) <= {"-"}:
            yield cells


def _defines(path: Path, name: str) -> bool:
    return re.search(rf"^\s*def {re.escape(name)}\b", path.read_text(), re.M) is not None


def test_the_index_has_the_two_questions_a_newcomer_asks_first():
    rules = [row[0] for row in _rows()]
    assert any("7,500" in r and "minimum savings rate" in r for r in rules)
    assert any("a TIN may be in only one ACO" in r for r in rules)


def test_every_file_function_and_test_the_index_names_exists():
    missing = []
    for rule, decided, numbers, tests in _rows():
        module = None
        for token in re.findall(r"`([^`]+)`", decided):
            if token.endswith((".py", "/")):
                module = SRC / token
                if not module.exists():
                    missing.append((rule, token))
            elif module is not None and module.suffix == ".py" and not token.endswith(".md"):
                missing += [] if _defines(module, token) else [(rule, f"{module.name}: {token}")]
        for token in re.findall(r"`([^`]+)`", numbers):
            for name in token.split(", "):
                if "/" in name and "*" not in name and not (SRC / "acoms" / name).exists():
                    missing.append((rule, name))
        test_file = None
        for token in re.findall(r"`([^`]+)`", tests):
            path, _, name = token.partition("::")
            test_file = ROOT / path if path else test_file
            if test_file is None or not test_file.exists() or (name and not _defines(test_file, name)):
                missing.append((rule, token))
    assert missing == []
