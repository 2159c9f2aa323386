"""`nnwatch lesson` as a user meets it: the list, and bad targets refused before any work."""

from typer.testing import CliRunner

from nnwatch.cli import app
from nnwatch.lessons import LESSONS

runner = CliRunner()


def test_list_names_every_lesson():
    result = runner.invoke(app, ["lesson", "--list"])
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.strip().splitlines()]
    assert listed == list(LESSONS)


def test_a_bad_target_is_one_line_before_any_training(tmp_path):
    target = tmp_path / "x.avi"
    result = runner.invoke(app, ["lesson", "xor-synapses", "-o", str(target)])
    assert result.exit_code == 2
    assert "cannot write '.avi' files" in result.output and "training" not in result.output
    assert len(result.output.strip().splitlines()) == 1 and not target.exists()


def test_an_unknown_lesson_suggests_the_nearest(tmp_path):
    result = runner.invoke(app, ["lesson", "xor-synapse", "-o", str(tmp_path / "x.mp4")])
    assert result.exit_code == 2 and "xor-synapses" in result.output
