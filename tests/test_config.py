"""Config discovery, validation and precedence (config file < command line)."""
from __future__ import annotations

import pytest

from conftest import SEEDS, run_wirelint
from lint.config import Config, load_config
from lint.errors import WirelintError

SEED = "004_193422df27e2cc18.txt"


def project(tmp_path, config_name, body):
    (tmp_path / config_name).write_text(body, encoding="utf-8")
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / SEED).write_bytes((SEEDS / SEED).read_bytes())
    return articles


def test_defaults_without_a_config(tmp_path):
    assert load_config([str(tmp_path)]) == Config()


@pytest.mark.parametrize(
    "name, body",
    [
        ("wirelint.toml", 'ignore = ["residue/news-code"]\nfail-on = "error"\n'),
        (".wirelint.yaml", "ignore: [residue/news-code]\nfail-on: error\n"),
        ("pyproject.toml", '[project]\nname = "x"\n[tool.wirelint]\nignore = ["residue/news-code"]\nfail-on = "error"\n'),
    ],
)
def test_each_config_file_kind_is_found_from_the_checked_path(tmp_path, name, body):
    articles = project(tmp_path, name, body)
    config = load_config([str(articles)])
    assert config.ignore == ("residue/news-code",) and config.fail_on == "error"
    result = run_wirelint("check", "--format", "concise", str(articles))
    assert b"residue/news-code" not in result.stdout
    assert b"residue/end-marker" in result.stdout


def test_closest_config_wins(tmp_path):
    (tmp_path / "wirelint.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    inner = tmp_path / "inner"
    inner.mkdir()
    articles = project(inner, "wirelint.toml", 'fail-on = "info"\n')
    assert load_config([str(articles)]).fail_on == "info"
    assert load_config([str(tmp_path)]).fail_on == "never"


def test_command_line_wins_over_config(tmp_path):
    articles = project(tmp_path, "wirelint.toml", 'fail-on = "never"\nignore = ["residue"]\n')
    assert run_wirelint("check", str(articles)).returncode == 0
    result = run_wirelint("check", "--fail-on", "error", "--ignore", "fragments", "--format", "concise", str(articles))
    assert result.returncode == 1
    assert b"residue/news-code" in result.stdout


def test_unknown_key_names_file_and_key(tmp_path):
    path = tmp_path / "wirelint.toml"
    path.write_text('selekt = ["residue"]\n', encoding="utf-8")
    with pytest.raises(WirelintError, match=r"wirelint\.toml: unknown config key 'selekt'"):
        load_config([str(tmp_path)])
    result = run_wirelint("check", str(tmp_path))
    assert result.returncode == 2 and b"unknown config key 'selekt'" in result.stderr


def test_severity_overrides_and_per_file_ignores(tmp_path):
    articles = project(
        tmp_path, "wirelint.toml",
        '[severity]\n"residue/news-code" = "info"\n[per-file-ignores]\n"004_*.txt" = ["residue/end-marker"]\n',
    )
    result = run_wirelint("check", "--format", "concise", str(articles))
    out = result.stdout.decode()
    assert "info residue/news-code" in out
    assert "residue/end-marker" not in out


def test_exclude_glob_and_isolated(tmp_path):
    articles = project(tmp_path, "wirelint.toml", 'exclude = ["004_*"]\n')
    (articles / "ok.txt").write_text("A clean article about the harbour wall and the council vote.\n", encoding="utf-8")
    result = run_wirelint("check", "--format", "concise", str(articles))
    assert result.returncode == 0, result.stdout
    assert run_wirelint("check", "--isolated", str(articles)).returncode == 1


@pytest.mark.parametrize("value, fine", [
    ('"folder"', True), ('"none"', True), ('"pattern:^([a-z]+)_"', True),
    ('"per-site"', False), ('"pattern:(["', False), ("3", False),
])
def test_template_source_is_checked_where_it_is_written(tmp_path, value, fine):
    from lint.config import Flags, build_settings

    (tmp_path / "wirelint.toml").write_text(f"template-source = {value}\n", encoding="utf-8")
    if fine:
        assert build_settings([str(tmp_path)]).template_source == value.strip('"')
        return
    with pytest.raises(WirelintError, match=r"wirelint\.toml: config key 'template-source'") as caught:
        build_settings([str(tmp_path)])
    assert "\n" not in str(caught.value)
    with pytest.raises(WirelintError, match="--template-source"):
        build_settings([str(tmp_path)], Flags(template_source="sideways", isolated=True))


def test_template_source_flag_wins_over_config(tmp_path):
    from lint.config import Flags, build_settings

    (tmp_path / "wirelint.toml").write_text('template-source = "none"\n', encoding="utf-8")
    assert build_settings([str(tmp_path)], Flags(template_source="folder")).template_source == "folder"
