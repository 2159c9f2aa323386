"""Whatever bytes a file holds, load_file either returns a sound Dataset or raises DataError/LimitError."""

import io

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnwatch.data import CLASSIFICATION, REGRESSION, Dataset, load_file
from nnwatch.errors import DataError, LimitError

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TASKS = st.sampled_from([None, CLASSIFICATION, REGRESSION])


def check_sound(ds: Dataset) -> None:
    """What every loaded dataset must satisfy, whatever the file was."""
    x = np.vstack([ds.x_train, ds.x_test])
    y = np.concatenate([ds.y_train, ds.y_test])
    assert len(ds.x_train) >= 1 and len(x) >= 2 and len(x) == len(y)
    assert x.dtype == np.float64 and x.ndim == 2 and np.isfinite(x).all()
    assert len(ds.input_names) == x.shape[1] == len(ds.domain)
    assert all(np.isfinite(lo) and np.isfinite(hi) and lo < hi for lo, hi in ds.domain)
    if ds.task == CLASSIFICATION:
        assert y.dtype == np.int64 and len(ds.classes) >= 2 and 0 <= y.min() and y.max() < len(ds.classes)
    else:
        assert ds.task == REGRESSION and y.dtype == np.float64 and np.isfinite(y).all() and ds.classes == ()


def load_or_refuse(path, task=None):
    try:
        ds = load_file(path, task=task)
    except (DataError, LimitError) as e:
        assert "\n" not in str(e) and str(e)
        return None
    check_sound(ds)
    return ds


@FUZZ
@given(data=st.binary(max_size=300), name=st.sampled_from(["f.csv", "f.npz", "f.txt"]), task=TASKS)
def test_random_bytes(tmp_path, data, name, task):
    path = tmp_path / name
    path.write_bytes(data)
    load_or_refuse(path, task)


@FUZZ
@given(text=st.text(alphabet='0123456789.,-+eE"\' \n\r\tnaifxyz_\x00\u00e9\u0663', max_size=200), task=TASKS)
def test_random_csv_text(tmp_path, text, task):
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8", newline="")
    load_or_refuse(path, task)


# Mostly numbers, so that many generated tables are rectangular and numeric enough to reach label inference.
CELLS = st.one_of(
    st.integers(-3, 30).map(str),
    st.floats(-1e6, 1e6).map(repr),
    st.sampled_from(["", " ", "nan", "inf", "-Infinity", "1e999", "1e308", "-1e308", "abc", '"q"', "1,5", "1.0",
                     "1_0", "\u0663", "x y", "setosa"]),
)


@st.composite
def csv_tables(draw):
    width = draw(st.integers(1, 4))
    header = [f"c{i}" for i in range(width)]
    if draw(st.integers(0, 4)) == 0:
        # Sometimes a header with empty, numeric or repeated names.
        header = draw(st.lists(st.sampled_from(["a", "label", "", "1"]), min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(CELLS, min_size=width, max_size=width), max_size=12))
    if draw(st.booleans()):
        # A clean numeric body with small whole-number labels, to reach the label inference often.
        rows = [[str(draw(st.integers(-2, 2))) for _ in range(width)] for _ in range(draw(st.integers(0, 8)))]
    if rows and draw(st.booleans()) and draw(st.booleans()):
        # Now and then one ragged row.
        rows[draw(st.integers(0, len(rows) - 1))] = draw(st.lists(CELLS, max_size=6))
    return [",".join(header)] + [",".join(row) for row in rows]


@FUZZ
@given(lines=csv_tables(), task=TASKS)
def test_random_csv_tables(tmp_path, lines, task):
    path = tmp_path / "f.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    load_or_refuse(path, task)


ARRAYS = st.one_of(
    st.builds(lambda n, d: np.random.default_rng(n).normal(size=(n, d)), st.integers(0, 6), st.integers(0, 3)),
    st.lists(st.integers(-3, 3), max_size=8).map(np.array),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=8).map(lambda v: np.array(v, dtype=float)),
    st.lists(st.sampled_from(["a", "b", "c", ""]), max_size=8).map(np.array),
    st.lists(st.binary(max_size=3), max_size=6).map(lambda v: np.array(v, dtype="S3")),
    st.lists(st.booleans(), max_size=8).map(np.array),
    st.just(np.array([1 + 2j, 3j, 0, 1])),
    st.just(np.array(["2020-01-01", "2021-01-01", "2022-01-01"], dtype="datetime64[D]")),
    st.just(np.array([None, 1, "a"], dtype=object)),
    st.just(np.zeros((3, 2, 2))),
    st.just(np.float64(3.0)),
)


@FUZZ
@given(
    arrays=st.dictionaries(st.sampled_from(["x", "y", "classes", "columns", "z"]), ARRAYS, max_size=5),
    compressed=st.booleans(),
    damage=st.one_of(st.none(), st.tuples(st.integers(0, 2000), st.binary(min_size=1, max_size=40))),
    cut=st.one_of(st.none(), st.integers(0, 2000)),
    task=TASKS,
)
def test_random_npz(tmp_path, arrays, compressed, damage, cut, task):
    buffer = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(buffer, **arrays)
    data = buffer.getvalue()
    if damage is not None:
        at, junk = damage
        data = data[:at] + junk + data[at + len(junk):]
    if cut is not None:
        data = data[:cut]
    path = tmp_path / "f.npz"
    path.write_bytes(data)
    load_or_refuse(path, task)


def test_the_soundness_check_accepts_good_files(tmp_path):
    # The fuzz tests pass trivially if check_sound is never reached; these well-formed files must reach it.
    buffer = io.BytesIO()
    np.savez(buffer, x=np.zeros((4, 2)), y=np.array(["a", "b", "a", "b"]))
    (tmp_path / "f.npz").write_bytes(buffer.getvalue())
    assert load_or_refuse(tmp_path / "f.npz").classes == ("a", "b")
    (tmp_path / "f.csv").write_text("a,label\n1,2.5\n-1,0.25\n")
    assert load_or_refuse(tmp_path / "f.csv").task == REGRESSION
