"""load_file: good CSV and NPZ files load right, and every bad one gives a one-line DataError that says why."""

import numpy as np
import pytest

from nnwatch.data import CLASSIFICATION, REGRESSION, load_file
from nnwatch.errors import DataError, LimitError
from nnwatch.limits import MAX_FEATURES, MAX_POINTS


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def npz(tmp_path, name="data.npz", **arrays):
    path = tmp_path / name
    np.savez(path, **arrays)
    return path


def everything(ds):
    """All rows and labels, train then test."""
    return np.vstack([ds.x_train, ds.x_test]), np.concatenate([ds.y_train, ds.y_test])


IRIS_LIKE = "length,width,species\n5.1,3.5,setosa\n7.0,3.2,versicolor\n6.3,3.3,virginica\n4.9,3.0,setosa\n"


def test_csv_with_text_labels(tmp_path):
    ds = load_file(write(tmp_path, IRIS_LIKE), train_share=1.0)
    assert ds.task == CLASSIFICATION and ds.classes == ("setosa", "versicolor", "virginica")
    assert ds.input_names == ("length", "width") and ds.name == "data.csv"
    assert ds.x_train.dtype == np.float64 and ds.y_train.dtype == np.int64
    rows = {tuple(x) + (ds.classes[y],) for x, y in zip(ds.x_train, ds.y_train)}
    assert rows == {(5.1, 3.5, "setosa"), (7.0, 3.2, "versicolor"), (6.3, 3.3, "virginica"), (4.9, 3.0, "setosa")}
    assert ds.x_test.shape == (0, 2) and ds.y_test.shape == (0,)
    # Domain: (min, max) padded by 5 % of the range.
    (lo, hi), (lo2, hi2) = ds.domain
    assert lo == pytest.approx(4.9 - 0.105) and hi == pytest.approx(7.0 + 0.105)
    assert lo2 == pytest.approx(3.0 - 0.025) and hi2 == pytest.approx(3.5 + 0.025)


def test_csv_numeric_labels_are_classes_sorted_numerically(tmp_path):
    rows = "".join(f"{i},{i * 2}.5,{[10, 2, 1][i % 3]}\n" for i in range(9))
    ds = load_file(write(tmp_path, "a,b,digit\n" + rows), train_share=1.0)
    assert ds.task == CLASSIFICATION and ds.classes == ("1", "2", "10")
    x, y = everything(ds)
    names = [ds.classes[k] for k in y]
    expected = {i: str([10, 2, 1][i % 3]) for i in range(9)}
    assert all(names[r] == expected[int(x[r, 0])] for r in range(9))


def test_csv_regression_inferred_and_forced(tmp_path):
    ds = load_file(write(tmp_path, "x,y\n0,0.5\n1,1.5\n2,2.25\n3,7\n"), seed=1)
    assert ds.task == REGRESSION and ds.classes == () and ds.y_train.dtype == np.float64
    x, y = everything(ds)
    assert sorted(zip(x[:, 0], y)) == [(0, 0.5), (1, 1.5), (2, 2.25), (3, 7.0)]
    # Whole numbers with few values read as classes unless told otherwise.
    path = write(tmp_path, "x,y\n0,1\n1,2\n2,1\n3,2\n")
    assert load_file(path).task == CLASSIFICATION
    forced = load_file(path, task="regression")
    assert forced.task == REGRESSION and sorted(everything(forced)[1]) == [1.0, 1.0, 2.0, 2.0]
    # More than 20 distinct whole numbers look like a measurement.
    many = "x,y\n" + "".join(f"{i},{i * 3}\n" for i in range(21))
    assert load_file(write(tmp_path, many)).task == REGRESSION
    assert load_file(write(tmp_path, many), task="classification").n_classes == 21


def test_csv_label_by_name_bom_blank_lines_quotes(tmp_path):
    text = '\ufeff"kind", x1 ,x2\r\nred,1,2\r\n\r\n"blue",3,"4"\r\n,,\r\nred,5,6\r\n'
    ds = load_file(write(tmp_path, text), label="kind", train_share=1.0)
    assert ds.input_names == ("x1", "x2") and ds.classes == ("blue", "red")
    x, y = everything(ds)
    assert sorted(zip(x[:, 0], x[:, 1], y)) == [(1, 2, 1), (3, 4, 0), (5, 6, 1)]
    # '1' and '1.0' are the same class.
    ds = load_file(write(tmp_path, "a,b\n1,1\n2,1.0\n3,0\n"))
    assert ds.classes == ("0", "1")


def test_csv_split_is_seeded(tmp_path):
    path = write(tmp_path, "a,b\n" + "".join(f"{i},{i % 2}\n" for i in range(50)))
    a = load_file(path, seed=3, train_share=0.8)
    assert len(a.x_train) == 40 and len(a.x_test) == 10
    assert a == load_file(path, seed=3, train_share=0.8)
    assert a != load_file(path, seed=4, train_share=0.8)
    assert len(load_file(path, train_share=0.001).x_train) == 1   # at least one training row


def test_npz_files(tmp_path):
    x = np.arange(12, dtype=np.float32).reshape(6, 2)
    ds = load_file(npz(tmp_path, x=x, y=np.array([0, 1, 2, 0, 1, 2]), classes=np.array(["a", "b", "c"]),
                       columns=np.array(["u", "v"])), train_share=1.0)
    assert ds.classes == ("a", "b", "c") and ds.input_names == ("u", "v") and ds.x_train.dtype == np.float64
    x_all, y_all = everything(ds)
    assert sorted(zip(x_all[:, 0], y_all)) == [(0, 0), (2, 1), (4, 2), (6, 0), (8, 1), (10, 2)]
    ds = load_file(npz(tmp_path, x=x, y=np.array(["no", "yes"] * 3)))
    assert ds.classes == ("no", "yes") and ds.input_names == ("x1", "x2")
    ds = load_file(npz(tmp_path, x=np.arange(30.0), y=np.linspace(0, 1, 30)))
    assert ds.task == REGRESSION and ds.n_inputs == 1
    ds = load_file(npz(tmp_path, x=x, y=np.array([[0], [1], [0], [1], [0], [1]])), task="classification")
    assert ds.classes == ("0", "1")


def expect_error(path, match, error=DataError, **kwargs):
    with pytest.raises(error, match=match) as info:
        load_file(path, **kwargs)
    message = str(info.value)
    assert "\n" not in message and str(path) in message or "unknown task" in message
    return message


@pytest.mark.parametrize("text, match", [
    ("", "is empty"),
    ("\n\n  \n", "is empty"),
    ("1,2,3\n4,5,6\n", "first row holds numbers, not column names"),
    ("a,b,c\n", "has no data rows"),
    ("a,b,c\n\n1,2,3\n", "has only 1 data row"),
    ("a,b,c\n1,2,3\n4,5\n", r"row 3 has 2 values, expected 3"),
    ("a,b,c\n1,2,3\n4,5,6,7\n", r"row 3 has 4 values, expected 3"),
    ("a,b,c\n1,2,3\n4,abc,1\n", r"row 3, column b: 'abc' is not a number"),
    ("a,b,c\n1,2,3\n4,,1\n", r"row 3, column b is empty"),
    ("a,b,c\n1,nan,3\n4,5,1\n", r"row 2, column b: 'nan' is not a finite number"),
    ("a,b,c\n1,2,3\n-inf,5,1\n", r"row 3, column a: '-inf' is not a finite number"),
    ("a,b,c\n1,2,3\n1e999,5,1\n", r"row 3, column a: '1e999' is not a finite number"),
    ("a,b,c\n1,2,3\n4,5,\n", r"row 3, label column c is empty"),
    ("a,b,c\n1,2,inf\n4,5,1\n", r"row 2, column c: 'inf' is not a finite number"),
    ("a,b,c\n1,2,x\n4,5,x\n", r"label column 'c' holds a single class \('x'\)"),
    ("a,b,c\n1,2,1\n4,5,1\n", r"label column 'c' holds a single class \('1'\)"),
    ("a\n1\n2\n", "has 1 column; at least 2"),
    ("a,,c\n1,2,3\n4,5,6\n", "column 2 has no name"),
    ("a,b,a\n1,2,3\n4,5,6\n", "column name 'a' appears twice"),
    ('a,b\n1,2\n3,"4\n', r"row 3: cannot be read as CSV \(unexpected end of data\) \(a quote that is never closed"),
    ('a,b\n1,2\n3,"4"x\n', r"row 3: cannot be read as CSV \(',' expected after '\"'\)"),
    ("a,b\n1,2\n\x00,1\n", "NUL bytes"),
])
def test_bad_csv(tmp_path, text, match):
    expect_error(write(tmp_path, text), match)


def test_bad_csv_options(tmp_path):
    path = write(tmp_path, IRIS_LIKE)
    message = expect_error(path, "unknown label column 'specie'", label="specie")
    assert "did you mean 'species'?" in message and "choose from: length, species, width" in message
    expect_error(path, r"row 2, label column species: 'setosa' is not a number; regression needs",
                 task="regression")
    expect_error(path, "unknown task 'regresion' \\(did you mean 'regression'\\?\\)", task="regresion")
    for share in (0, 1.5, float("nan")):
        with pytest.raises(DataError, match="train_share must be"):
            load_file(path, train_share=share)
    with pytest.raises(DataError, match="seed must be a whole number"):
        load_file(path, seed=-1)


def test_missing_folder_and_not_utf8(tmp_path):
    expect_error(tmp_path / "nope.csv", "no such file")
    expect_error(tmp_path, "is a folder")
    message = expect_error(write(tmp_path, b"a,b\n1,\xff\n"), "not valid UTF-8")
    assert "offset 6" in message


def test_limits(tmp_path):
    header = ",".join(f"c{i}" for i in range(MAX_FEATURES + 2))
    message = expect_error(write(tmp_path, header + "\n"), f"the limit is MAX_FEATURES = {MAX_FEATURES}",
                           LimitError)
    assert f"{MAX_FEATURES + 1} input columns" in message
    big = "a,b\n" + "1,0\n2,1\n" * (MAX_POINTS // 2 + 1)
    expect_error(write(tmp_path, big), f"the limit is MAX_POINTS = {MAX_POINTS}", LimitError)
    expect_error(npz(tmp_path, x=np.zeros((MAX_POINTS + 1, 1)), y=np.zeros(MAX_POINTS + 1)),
                 "MAX_POINTS", LimitError)
    expect_error(npz(tmp_path, x=np.zeros((3, MAX_FEATURES + 1)), y=np.arange(3)), "MAX_FEATURES", LimitError)
    many = "a,b\n" + "".join(f"{i},c{i}\n" for i in range(101))
    expect_error(write(tmp_path, many), "101 classes; the limit is MAX_CLASSES = 100", LimitError)


def test_bad_npz(tmp_path):
    x, y = np.zeros((4, 2)), np.array([0, 1, 0, 1])
    expect_error(npz(tmp_path, x=x), "no array 'y' \\(found: x\\)")
    expect_error(npz(tmp_path, y=y), "no array 'x' \\(found: y\\)")
    expect_error(npz(tmp_path, x=x, y=y[:3]), "x has 4 rows but y has 3 labels")
    expect_error(npz(tmp_path, x=np.array([[object()]] * 4, dtype=object), y=y), "object arrays")
    expect_error(npz(tmp_path, x=np.array([["a", "b"]] * 4), y=y), "x must hold numbers")
    expect_error(npz(tmp_path, x=np.zeros((4, 2, 2)), y=y), r"x must be a 2-D array \(n, d\)")
    expect_error(npz(tmp_path, x=np.array([[0, np.nan]] * 4), y=y), r"x\[0, 1\] is nan")
    expect_error(npz(tmp_path, x=x, y=np.array([0, 1, np.inf, 0])), r"y\[2\] is inf")
    expect_error(npz(tmp_path, x=x, y=y, classes=np.array(["only"])), "class indices 0..0")
    expect_error(npz(tmp_path, x=x, y=y, columns=np.array(["a"])), "'columns' has 1 entries, expected 2")
    expect_error(npz(tmp_path, x=x, y=np.zeros(4)), "y holds a single class")
    expect_error(npz(tmp_path, x=x, y=np.array(["a", "b", "", "a"])), r"y\[2\] is an empty string")
    expect_error(npz(tmp_path, x=x, y=y), "label= applies to CSV files", label="y")
    good = npz(tmp_path, x=x, y=y).read_bytes()
    expect_error(write(tmp_path, good[: len(good) // 2], "cut.npz"), "not a readable .npz file")
    expect_error(write(tmp_path, "a,b\n1,2\n", "text.npz"), "is not an .npz archive")
    expect_error(write(tmp_path, good[:30] + b"\x00" * 200 + good[230:], "bad.npz"), "not a readable .npz")


def test_padded_domain_keeps_a_range_for_constant_columns_of_any_size():
    from nnwatch.data.split import padded_domain

    domain = padded_domain(np.array([[0.0, 1e308, 2.0], [0.0, 1e308, 4.0]]))
    assert domain[0] == (-1.0, 1.0)
    low, high = domain[1]
    assert np.isfinite([low, high]).all() and low < 1e308 < high   # +-1 is lost in rounding next to 1e308
    assert domain[2] == pytest.approx((1.9, 4.1))
