"""axe-core in the page: the WCAG 2.1 A and AA rules on every page a journey visits.

The tests inject ``node_modules/axe-core/axe.min.js`` (npm package ``axe-core``, no CDN) and
collect per page the rules axe ran; ``summary()`` gives the pages checked and the rules run.
"""

from functools import cache
from pathlib import Path

AXE_DIR = Path(__file__).resolve().parents[5] / "node_modules" / "axe-core"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# path of every page checked -> the ids of the rules axe ran there
CHECKED: dict[str, set[str]] = {}


@cache
def _script():
    return (AXE_DIR / "axe.min.js").read_text(encoding="utf-8")


def _format(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:10]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['failureSummary']}")
            lines.append(f"        {node['html'][:200]}")
    return "\n".join(lines)


def check(page, name=None):
    """Run axe on the page as it is now; fail with the violations and their targets."""
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_script())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    key = name or page.url.split("//", 1)[-1].split("/", 1)[-1]
    rules = {
        rule["id"]
        for group in ("passes", "violations", "incomplete", "inapplicable")
        for rule in result[group]
    }
    CHECKED["/" + key if not key.startswith("/") else key] = rules
    assert not result["violations"], f"axe auf {page.url}:\n{_format(result['violations'])}"
    return result


def summary():
    rules = set().union(*CHECKED.values()) if CHECKED else set()
    lines = [f"axe-core (WCAG 2.1 A/AA): {len(CHECKED)} Seiten geprüft, {len(rules)} Regeln"]
    for path, ran in sorted(CHECKED.items()):
        lines.append(f"  {path}: {len(ran)} Regeln")
    return "\n".join(lines)
