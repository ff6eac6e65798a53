"""The README's two set-up commands exist, and `.ci/run` runs exactly the README's test command."""

import re

from assistant.settings import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
SETUP = README.split("## Set up on a fresh machine", 1)[1].split("\n## ", 1)[0]
COMMANDS = re.findall(r"```bash\n(.+?)\n```", SETUP, flags=re.DOTALL)


def test_exactly_two_setup_commands_one_serving_one_testing():
    assert len(COMMANDS) == 2
    assert all("\n" not in command for command in COMMANDS)
    serve, test = COMMANDS
    assert serve.endswith("-m assistant serve") and "pip install torch==2.13.0" in serve
    assert test.endswith("-m pytest") and '".[test]"' in test and "pip install torch==2.13.0" in test


def test_ci_runs_the_readme_test_command():
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert COMMANDS[1] in ci.splitlines()


def test_torch_is_pinned_exactly():
    pyproject = (PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"torch==2.13.0"' in pyproject
