"""The user's own data: a CSV with a header row, or an NPZ with arrays x and y.

Whatever the file holds, the only errors that come out are DataError and LimitError, each one line naming the
file and the problem (with the row and column where there is one): the CLI prints that line, and a traceback
for a typo in a CSV would read as a crash. Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np

from nnwatch.data.dataset import CLASSIFICATION, REGRESSION, Dataset
from nnwatch.data.npz import Member, open_npz
from nnwatch.data.split import check_seed, check_train_share, padded_domain, split_rows
from nnwatch.errors import DataError, LimitError, NNWatchError, unknown
from nnwatch.limits import MAX_CLASSES, MAX_DATA_BYTES, MAX_FEATURES, MAX_POINTS

__all__ = ["load_file", "MAX_CLASS_VALUES"]

# Integer labels with at most this many distinct values are read as classes; more look like a measured target.
MAX_CLASS_VALUES = 20
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")   # a zip with members, and an empty zip
_SHOW = 40                                     # a bad cell is quoted up to this many characters


def _quote(cell: str) -> str:
    """A cell for an error message: repr keeps it on one line, and long cells are cut."""
    return repr(cell if len(cell) <= _SHOW else cell[:_SHOW] + "...")


def _check_rows(where: str, n: int) -> None:
    if n == 0:
        raise DataError(f"{where}: has no data rows")
    if n < 2:
        raise DataError(f"{where}: has only 1 data row; at least 2 are needed to train and test")
    if n > MAX_POINTS:
        raise LimitError(f"{where}: has {n} rows; the limit is MAX_POINTS = {MAX_POINTS}")


def _check_columns(where: str, d: int) -> None:
    if d > MAX_FEATURES:
        raise LimitError(f"{where}: has {d} input columns; the limit is MAX_FEATURES = {MAX_FEATURES}")


# ---------------------------------------------------------------------------------------------------- labels

def _number_name(v: float) -> str:
    """A numeric class's name: '3' for 3.0, '0.5' for 0.5, so '1' and '1.0' in a file are the same class."""
    return str(int(v)) if v.is_integer() and abs(v) < 2**53 else repr(v)


def _targets(where: str, numeric: np.ndarray | None, text: list[str] | None, task: str | None):
    """(y, task, classes) from finite numeric labels or text labels (exactly one given).

    Text is always classes. Numbers are classes when told so, or when they are whole numbers with at most
    MAX_CLASS_VALUES distinct values (0/1 flags, digit labels); otherwise they are a regression target.
    """
    if text is not None:
        names = tuple(sorted(set(text)))
        index = {name: i for i, name in enumerate(names)}
        y = np.array([index[t] for t in text], dtype=np.int64)
        task = CLASSIFICATION
    else:
        values = np.asarray(numeric, dtype=np.float64)
        if task is None:
            whole = bool(np.all(values == np.floor(values)))
            task = CLASSIFICATION if whole and len(np.unique(values)) <= MAX_CLASS_VALUES else REGRESSION
        if task == REGRESSION:
            return values, REGRESSION, ()
        uniques = np.unique(values)          # sorted numerically, so '2' comes before '10'
        names = tuple(_number_name(float(v)) for v in uniques)
        y = np.searchsorted(uniques, values).astype(np.int64)
    if len(names) < 2:
        raise DataError(f"{where} holds a single class ({names[0]!r}); classification needs at least 2")
    if len(names) > MAX_CLASSES:
        raise LimitError(f"{where} holds {len(names)} classes; the limit is MAX_CLASSES = {MAX_CLASSES}")
    return y, task, names


# ------------------------------------------------------------------------------------------------------- CSV

def _read_csv_rows(where: str, data: bytes) -> list[tuple[int, list[str]]]:
    """(row number, cells) for every non-blank row, the header included."""
    try:
        # utf-8-sig drops the byte-order mark Excel puts in front of 'CSV UTF-8' files.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DataError(f"{where}: is not valid UTF-8 text (bad byte at offset {e.start}); save it as UTF-8 CSV")
    if "\x00" in text:
        raise DataError(f"{where}: contains NUL bytes; it does not look like a CSV text file")
    # strict: a stray or unclosed quote is an error to report, not something to guess around.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    try:
        for cells in reader:
            # Blank lines, and the ',,,' lines spreadsheets leave at the end, carry nothing: skip them.
            if any(c.strip() for c in cells):
                rows.append((reader.line_num, cells))
            if len(rows) > MAX_POINTS + 1:
                raise LimitError(f"{where}: has more than {MAX_POINTS} data rows; the limit is MAX_POINTS = "
                                 f"{MAX_POINTS}")
    except csv.Error as e:
        hint = " (a quote that is never closed?)" if "end of data" in str(e) else ""
        raise DataError(f"{where}: row {reader.line_num}: cannot be read as CSV ({e}){hint}") from None
    return rows


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _read_header(where: str, cells: list[str]) -> list[str]:
    names = [c.strip() for c in cells]
    if all(_is_number(n) for n in names if n):
        raise DataError(f"{where}: the first row holds numbers, not column names; add a header row "
                        "(e.g. x1,x2,label)")
    if len(names) < 2:
        raise DataError(f"{where}: has {len(names)} column; at least 2 are needed (inputs and a label)")
    for i, name in enumerate(names):
        if not name:
            raise DataError(f"{where}: column {i + 1} has no name in the header row")
    seen = set()
    for name in names:
        if name in seen:
            raise DataError(f"{where}: column name {name!r} appears twice in the header row")
        seen.add(name)
    _check_columns(where, len(names) - 1)
    return names


def _cell_value(where: str, row: int, column: str, cell: str) -> float:
    """One cell as a finite float, or the DataError saying exactly what is wrong with it."""
    if not cell.strip():
        raise DataError(f"{where}: row {row}, column {column} is empty; every cell needs a value")
    try:
        value = float(cell)
    except ValueError:
        raise DataError(f"{where}: row {row}, column {column}: {_quote(cell.strip())} is not a number") from None
    if not math.isfinite(value):
        raise DataError(f"{where}: row {row}, column {column}: {_quote(cell.strip())} is not a finite number "
                        "(NaN and infinity are not allowed)")
    return value


def _feature_matrix(where: str, body: list[tuple[int, list[str]]], names: list[str], columns: list[int]):
    cells = [[cells[j] for j in columns] for _, cells in body]
    try:
        # Fast path: numpy parses the whole table at once; only a failure needs the cell-by-cell scan.
        x = np.array(cells, dtype=np.float64).reshape(len(body), len(columns))
        if np.isfinite(x).all():
            return x
    except (ValueError, OverflowError):
        pass
    # The slow path, cell by cell with Python's float(): it names the first bad cell, and it also reads the
    # rare spellings float() accepts but numpy does not (such as non-ASCII digits).
    return np.array([[_cell_value(where, row, names[j], cell) for j, cell in zip(columns, values)]
                     for (row, _), values in zip(body, cells)], dtype=np.float64).reshape(len(body), len(columns))


def _csv_labels(where: str, body, name: str, j: int, task: str | None):
    cells = [(row, cells[j].strip()) for row, cells in body]
    for row, cell in cells:
        if not cell:
            raise DataError(f"{where}: row {row}, label column {name} is empty; every row needs a label")
    numbers = [_is_number(c) for _, c in cells]
    if all(numbers):
        values = np.array([_cell_value(where, row, name, c) for row, c in cells], dtype=np.float64)
        return _targets(f"{where}: label column {name!r}", values, None, task)
    if task == REGRESSION:
        row, cell = next(rc for rc, ok in zip(cells, numbers) if not ok)
        raise DataError(f"{where}: row {row}, label column {name}: {_quote(cell)} is not a number; "
                        "regression needs numeric labels")
    return _targets(f"{where}: label column {name!r}", None, [c for _, c in cells], task)


def _load_csv(where: str, data: bytes, label: str | None, task: str | None):
    rows = _read_csv_rows(where, data)
    if not rows:
        raise DataError(f"{where}: is empty (no header row, no data)")
    names = _read_header(where, rows[0][1])
    body = rows[1:]
    _check_rows(where, len(body))
    for row, cells in body:
        if len(cells) != len(names):
            raise DataError(f"{where}: row {row} has {len(cells)} values, expected {len(names)} "
                            "(one per header column)")
    if label is None:
        j = len(names) - 1
    elif str(label) in names:
        j = names.index(str(label))
    else:
        raise DataError(f"{where}: {unknown('label column', str(label), names, DataError)}")
    columns = [i for i in range(len(names)) if i != j]
    x = _feature_matrix(where, body, names, columns)
    y, task, classes = _csv_labels(where, body, names[j], j, task)
    return x, y, task, classes, tuple(names[i] for i in columns)


# ------------------------------------------------------------------------------------------------------- NPZ

def _string_list(where: str, key: str, array: np.ndarray, length: int | None = None) -> list[str]:
    if array.dtype.kind not in "US" or array.ndim != 1:
        raise DataError(f"{where}: the array {key!r} must be a 1-D array of strings")
    if length is not None and len(array) != length:
        raise DataError(f"{where}: the array {key!r} has {len(array)} entries, expected {length}")
    if array.dtype.kind == "S":
        try:
            return [bytes(v).decode("utf-8") for v in array]
        except UnicodeDecodeError:
            raise DataError(f"{where}: the array {key!r} is not valid UTF-8 text") from None
    return [str(v) for v in array]


_NPZ_ARRAYS = ("x", "y", "classes", "columns")  # what a data archive may give; other members are never read


def _read_npz_arrays(where: str, data: bytes) -> dict[str, np.ndarray]:
    try:
        with open_npz(io.BytesIO(data), DataError) as archive:
            for needed in ("x", "y"):
                if needed not in archive.names:
                    found = ", ".join(sorted(archive.names)) or "nothing"
                    raise DataError(f"the .npz has no array {needed!r} (found: {found}); it needs x (n, d) and y (n,)")
            names = [k for k in _NPZ_ARRAYS if k in archive.names]
            _check_npz_sizes({k: archive.member(k) for k in names})
            return archive.load(names, MAX_DATA_BYTES, "MAX_DATA_BYTES")
    except NNWatchError as e:
        raise type(e)(f"{where}: {e}") from None


def _check_npz_sizes(members: dict[str, Member]) -> None:
    """Rows, columns and bytes from the headers alone: a compressed file of zeros must be refused unopened."""
    x, y = members["x"], members["y"]
    for m in (x, y):
        if m.shape and m.shape[0] > MAX_POINTS:
            raise LimitError(f"{m.name} has {m.shape[0]} rows; the limit is MAX_POINTS = {MAX_POINTS}")
    if len(x.shape) == 2 and x.shape[1] > MAX_FEATURES:
        raise LimitError(f"x has {x.shape[1]} input columns; the limit is MAX_FEATURES = {MAX_FEATURES}")
    as_float = math.prod(x.shape) * 8  # x is used as float64, whatever it is stored as
    if as_float > MAX_DATA_BYTES:
        raise LimitError(f"x takes {as_float:,} bytes as float64; the limit is MAX_DATA_BYTES = {MAX_DATA_BYTES:,}")


def _load_npz(where: str, data: bytes, label: str | None, task: str | None):
    if label is not None:
        raise DataError(f"{where}: label= applies to CSV files; an .npz gives its labels as the array 'y'")
    arrays = _read_npz_arrays(where, data)
    x, y = arrays["x"], arrays["y"]
    if x.dtype.kind not in "biuf":
        raise DataError(f"{where}: x must hold numbers, found dtype {x.dtype}")
    if x.ndim == 1:
        x = x.reshape(-1, 1)     # a single feature saved as a flat array
    if x.ndim != 2 or x.shape[1] == 0:
        raise DataError(f"{where}: x must be a 2-D array (n, d) with d >= 1, found shape {x.shape}")
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]              # a column vector is a common way to save labels
    if y.ndim != 1:
        raise DataError(f"{where}: y must be a 1-D array (n,), found shape {y.shape}")
    if len(x) != len(y):
        raise DataError(f"{where}: x has {len(x)} rows but y has {len(y)} labels")
    _check_rows(where, len(x))
    _check_columns(where, x.shape[1])
    x = x.astype(np.float64, copy=False)  # no second copy of a float64 x
    bad = np.argwhere(~np.isfinite(x))
    if len(bad):
        i, j = bad[0]
        raise DataError(f"{where}: x[{i}, {j}] is {x[i, j]} (NaN and infinity are not allowed)")
    d = x.shape[1]
    names = _string_list(where, "columns", arrays["columns"], d) if "columns" in arrays else \
        [f"x{i + 1}" for i in range(d)]
    y, task, classes = _npz_labels(where, y, arrays.get("classes"), task)
    return x, y, task, classes, tuple(names)


def _npz_labels(where: str, y: np.ndarray, classes: np.ndarray | None, task: str | None):
    if y.dtype.kind in "US":
        if task == REGRESSION:
            raise DataError(f"{where}: y holds text; regression needs numeric labels")
        text = _string_list(where, "y", y)
        if "" in text:
            raise DataError(f"{where}: y[{text.index('')}] is an empty string; every row needs a label")
        return _targets(f"{where}: y", None, text, task)
    if y.dtype.kind not in "biuf":
        raise DataError(f"{where}: y must hold numbers or strings, found dtype {y.dtype}")
    values = y.astype(np.float64)
    if not np.isfinite(values).all():
        i = int(np.argmin(np.isfinite(values)))
        raise DataError(f"{where}: y[{i}] is {values[i]} (NaN and infinity are not allowed)")
    if classes is None:
        return _targets(f"{where}: y", values, None, task)
    # With class names given, y must be indices into them.
    names = _string_list(where, "classes", classes)
    if task == REGRESSION:
        raise DataError(f"{where}: has class names ('classes'), so it cannot be loaded for regression")
    if np.any(values != np.floor(values)) or values.min() < 0 or values.max() >= len(names):
        raise DataError(f"{where}: with 'classes' given, y must hold class indices 0..{len(names) - 1}")
    if len(set(names)) != len(names):
        raise DataError(f"{where}: the array 'classes' names some class twice")
    if len(names) < 2:
        raise DataError(f"{where}: 'classes' names {len(names)} class; classification needs at least 2")
    if len(names) > MAX_CLASSES:
        raise LimitError(f"{where}: names {len(names)} classes; the limit is MAX_CLASSES = {MAX_CLASSES}")
    return values.astype(np.int64), CLASSIFICATION, tuple(names)


# ------------------------------------------------------------------------------------------------ entry point

def _read_bytes(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise DataError(f"{path}: is a folder, not a file")
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except (OSError, ValueError) as e:   # ValueError: a path with a NUL character in it
        raise DataError(f"{path}: cannot be read ({getattr(e, 'strerror', None) or e})") from None


def _check_options(task: object, seed: object) -> None:
    if task is not None and task not in (CLASSIFICATION, REGRESSION):
        raise unknown("task", str(task), (CLASSIFICATION, REGRESSION), DataError)
    check_seed(seed)


def load_file(
    path: str | Path,
    *,
    label: str | None = None,
    task: str | None = None,
    train_share: float = 0.8,
    seed: int = 0,
) -> Dataset:
    """Load a CSV (header row, label column by name or the last) or an NPZ (x, y[, classes, columns]).

    The task is inferred from the labels unless given; rows are shuffled with the seed and the first
    round(n * train_share) of them (at least one) are the training set.
    """
    _check_options(task, seed)
    share = check_train_share(train_share)
    path = Path(path)
    data = _read_bytes(path)
    where = str(path)
    if not data.strip():
        raise DataError(f"{where}: is empty")
    if data.startswith(_ZIP_MAGIC):
        x, y, task, classes, names = _load_npz(where, data, label, task)
    elif path.suffix.lower() == ".npz":
        # Checked here, before numpy: on a non-zip file np.load would try other formats and blame pickling.
        raise DataError(f"{where}: is not an .npz archive (an .npz file is a zip of .npy arrays)")
    else:
        x, y, task, classes, names = _load_csv(where, data, label, task)
    x_train, y_train, x_test, y_test = split_rows(x, y, share, np.random.default_rng(seed))
    return Dataset(
        name=path.name, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test, task=task,
        classes=classes, input_names=names, domain=padded_domain(x), image_shape=None,
        description=f"{path.name}: {len(x)} rows, {x.shape[1]} inputs, {task}",
    )
