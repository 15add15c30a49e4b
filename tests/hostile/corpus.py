"""The hostile corpus: inputs chosen to break a promise, grouped by the class of attack.

Built from the data table where it can be (every parameter, every flag, every output format), so
a new parameter or format is attacked without anyone adding a case.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from typing import Any

import yaml

from rftcfg.catalog import catalog
from tests.hostile.harness import FIFO, FOLDER, Case, Link

RESOURCES = [
    "--base-model", "qwen3-8b",
    "--dataset", "accounts/acme/datasets/gsm8k",
    "--evaluator", "accounts/acme/evaluators/math-exact",
    "--output-model", "gsm8k-rft-v1",
]  # fmt: skip


def base_job() -> dict[str, Any]:
    """A valid job at the documented defaults, built from the data table."""
    job: dict[str, Any] = {
        "dataset": "accounts/acme/datasets/gsm8k",
        "evaluator": "accounts/acme/evaluators/math-exact",
        "reinforcement_fine_tuning_job_id": "run-1",
        "training_config": {"base_model": "accounts/fireworks/models/qwen3-8b", "output_model": "gsm8k-rft-v1"},
        "inference_parameters": {},
    }
    for param in catalog().parameters.values():
        job[param.section][param.field] = param.default
    return job


BASE = yaml.safe_dump(base_job(), sort_keys=False)

# Values as they would be typed after `key: ` in a YAML file: every way a number can be wrong.
YAML_VALUES = [
    "", "~", "null", "true", "no", "on", "nan", ".nan", ".inf", "-.inf", "1e999", "-1e999", "1e-999",
    "0", "-0", "-1", "0x10", "0o10", "010", "1_000", "1:30", "'1'", '"1.0e-4"', "9" * 40, "9" * 5000,
    "1." + "0" * 5000, "[]", "{}", "[1, 2]", "{a: 1}", '"\\0"', '"1\\n"', "!!binary aGVsbG8=",
    "!!python/object/apply:os.system ['true']", "2024-01-01", "65536", "2147483648",
    "18446744073709551617", "-9223372036854775809", "1e308", "4.9e-324", '"\u0663"', '"\uff11"', '" 1 "',
    "+1", "--1", "1e5e5", "0.0000000000000000000000000000000000001",
]  # fmt: skip

# The same, as text given to a flag.
FLAG_VALUES = [
    "", " ", "nan", "NaN", "inf", "-inf", "1e999", "-1", "0", "-0", "0x10", "1_000", "010", "9" * 40,
    "9" * 5000, "1,5", "1.5.5", "\u0663", "\uff11", " 1", "1\n", "1\x00", "1e-999", "true", "--1",
]  # fmt: skip

# Text for IDs, names and free text: control characters, shell syntax, sizes, encodings.
TEXTS = [
    "", " ", "run-1\n", "run-1\r\n", "run\x00", "\x1b[31mred", "$(touch pwned)", "`touch pwned`",
    "a; touch pwned", "'quoted'", '"dq"', "a" * 5000, "\u202eevil", "\ud7ff", "-o", "--force",
    "accounts/acme/datasets/../../x", "accounts//datasets/x", "x" * 64, "UPPER", "has space",
]  # fmt: skip


def job_with(section: str, field: str, text: str) -> str:
    """The base job with one value replaced by raw YAML text."""
    lines = BASE.splitlines()
    out, inside = [], False
    for line in lines:
        if not line.startswith(" "):
            inside = line.rstrip(":") == section
        if inside and line.strip().startswith(f"{field}:"):
            line = f"  {field}: {text}"
        out.append(line)
    return "\n".join(out) + "\n"


def value_cases() -> Iterator[Case]:
    """Every parameter of the table, every hostile YAML value, through validate; a sample through
    render, new --from and sweep, which read the same file a different way."""
    for param in catalog().parameters.values():
        for i, text in enumerate(YAML_VALUES):
            files = {"job.yaml": job_with(param.section, param.field, text)}
            name = f"value {param.key}=#{i} {text[:20]!r}"
            yield Case(f"validate {name}", ["validate", "job.yaml"], files)
            if i % 3 == 0:
                yield Case(f"render {name}", ["render", "job.yaml", "-f", "firectl", "-o", "out.sh"], files)
            if i % 3 == 1:
                yield Case(f"new --from {name}", ["new", "--from", "job.yaml", "-o", "out.yaml"], files)
            if i % 3 == 2:
                yield Case(f"sweep {name}", ["sweep", "job.yaml", "--vary", f"{param.key}={param.default}", "-o", "sw"], files)  # fmt: skip


def flag_cases() -> Iterator[Case]:
    """Every parameter's flag of `new`, and the other number flags, given hostile text."""
    flags = [p.flag for p in catalog().parameters.values()]
    flags += ["--prompts", "--expected-pass-rate", "--max-rollout-tokens"]
    for flag in flags:
        for i, text in enumerate(FLAG_VALUES):
            yield Case(f"new {flag} #{i} {text[:20]!r}", ["new", *RESOURCES, flag, text, "-o", "out.yaml"])
    for param in list(catalog().parameters.values())[:4]:
        for i, text in enumerate(FLAG_VALUES[::3]):
            yield Case(f"sweep --vary {param.key}=#{i} {text[:20]!r}", ["sweep", "job.yaml", "--vary", f"{param.key}={text}", "-o", "sw"], {"job.yaml": BASE})  # fmt: skip
    for text in ["", "=", "epochs", "epochs=", "nope=1", "epochs=1,,2", "epochs=" + ",".join(["2"] * 5000)]:
        yield Case(f"sweep --vary {text[:20]!r}", ["sweep", "job.yaml", "--vary", text, "-o", "sw"], {"job.yaml": BASE})


def text_cases() -> Iterator[Case]:
    """Hostile text in every ID and free-text flag, printed as firectl (a shell command) and YAML."""
    flags = ["--job-id", "--output-model", "--display-name", "--account", "--wandb-project", "--wandb-entity",
             "--dataset", "--evaluator", "--base-model", "--schema-comment", "--template", "--goal", "--prefer", "--only"]  # fmt: skip
    for flag in flags:
        for i, text in enumerate(TEXTS):
            fmt = ["yaml", "firectl", "json", "ep"][i % 4]
            yield Case(
                f"new {flag} #{i} {text[:20]!r} -f {fmt}", ["new", *RESOURCES, flag, text, "-f", fmt, "-o", "out"]
            )
    for i, text in enumerate(TEXTS):
        yield Case(f"explain #{i} {text[:20]!r}", ["explain", text])
        yield Case(f"tune --symptom #{i} {text[:20]!r}", ["tune", "job.yaml", "--symptom", text], {"job.yaml": BASE})


def _laughs(levels: int, width: int = 9) -> str:
    lines = [f"a0: &a0 [{', '.join(['x'] * width)}]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


STRUCTURES: dict[str, str | bytes] = {
    "billion laughs": _laughs(10),
    "laughs under a real key": BASE + "extra_body: " + json.dumps("x") + "\n" + _laughs(9),
    "laughs inside the job": "training_config: &t\n  epochs: 1\n" + _laughs(9).replace("a0:", "dataset:"),
    "self-referencing alias": "a: &x\n  b: *x\n",
    "self-referencing list": "a: &x [*x]\n",
    "merge key loop": "a: &x\n  <<: *x\n",
    "deep JSON": "[" * 100_000 + "]" * 100_000,
    "deep JSON object": '{"a":' * 50_000 + "1" + "}" * 50_000,
    "deep YAML flow": "a: " + "[" * 50_000 + "]" * 50_000 + "\n",
    "deep YAML block": "".join(f"{'  ' * i}k{i}:\n" for i in range(3000)) + "  " * 3000 + "v\n",
    "deep YAML dashes": "- " * 20_000 + "x\n",
    "null key": "~: 1\n" + BASE,
    "null keys nested": BASE + "training_config2:\n  ~: 1\n  null: 2\n",
    "number key": "1: x\n" + BASE,
    "bool key": "true: x\n" + BASE,
    "complex key": "? [a, b]\n: x\n" + BASE,
    "duplicate top key": BASE + "dataset: accounts/acme/datasets/other\n",
    "duplicate nested key": BASE.replace("  epochs: 1\n", "  epochs: 1\n  epochs: 2\n"),
    "NUL byte": BASE.replace("epochs: 1", "epochs: 1\x00"),
    "NUL at start": "\x00" + BASE,
    "BOM": "\ufeff" + BASE,
    "two BOMs": "\ufeff\ufeff" + BASE,
    "CRLF": BASE.replace("\n", "\r\n"),
    "CR only": BASE.replace("\n", "\r"),
    "tabs": BASE.replace("  ", "\t"),
    "latin-1": BASE.encode() + "# caf\xe9\n".encode("latin-1"),
    "UTF-16": BASE.encode("utf-16"),
    "empty": "",
    "only a comment": "# nothing\n",
    "only spaces": "   \n\n",
    "a list": "- 1\n- 2\n",
    "a scalar": "hello\n",
    "two documents": BASE + "---\n" + BASE,
    "python tag": "dataset: !!python/object/apply:os.system ['touch pwned']\n",
    "unknown tag": "dataset: !custom x\n" + BASE,
    "huge key": "k" * 200_000 + ": 1\n" + BASE,
    "huge value": BASE + "display_name: " + "v" * 3_000_000 + "\n",
    "a million keys": "".join(f"k{i}: {i}\n" for i in range(200_000)),
    "huge line of digits": BASE.replace("epochs: 1", "epochs: " + "9" * 2_000_000),
    "camelCase body": json.dumps({"trainingConfig": {"learningRate": 1e-4}, "dataset": "d"}),
    "secret nested": BASE + "wandb_config:\n  api_key: wandb-secret-123\n",
    "secret in extra_body": BASE + 'extra_body: \'{"api_key": "fw-secret-123"}\'\n',
    "unclosed quote": 'dataset: "abc\n',
    "unclosed bracket": "dataset: [abc\n",
    "bad indentation": "training_config:\n epochs: 1\n  lora_rank: 8\n",
    "surrogate escape": 'dataset: "\\ud800"\n' + BASE,
    "control escape": 'display_name: "\\x1b[2J\\x07"\n' + BASE,
}


def structure_cases() -> Iterator[Case]:
    for label, text in STRUCTURES.items():
        for suffix in ("yaml", "json"):
            files = {f"job.{suffix}": text}
            yield Case(f"validate {label} .{suffix}", ["validate", f"job.{suffix}"], files)
        files = {"job.yaml": text}
        yield Case(f"render {label}", ["render", "job.yaml", "-o", "out.json", "-f", "json"], files)
        yield Case(f"new --from {label}", ["new", "--from", "job.yaml", "-o", "out.yaml"], files)
        yield Case(f"import {label}", ["import", "job.yaml", "--account", "acme", "-o", "out.yaml"], files)
        yield Case(f"diff {label}", ["diff", "base.yaml", "job.yaml"], {**files, "base.yaml": BASE})
        yield Case(f"validate stdin {label}", ["validate", "-"], stdin=text.encode() if isinstance(text, str) else text)


# A sparse file: gigabytes long, nothing on disk; a reader without a size limit reads it all.
SPARSE = b"SPARSE"


def special_file_cases() -> Iterator[Case]:
    """Things that are not regular files, given wherever a file is read."""
    specials: dict[str, Any] = {
        "a FIFO": FIFO,
        "a folder": FOLDER,
        "a dangling link": Link("nowhere.yaml"),
        "/dev/zero": Link("/dev/zero"),
        "/dev/urandom": Link("/dev/urandom"),
        "a link to a folder": Link("."),
    }
    readers = {
        "validate": lambda p: ["validate", p],
        "render": lambda p: ["render", p],
        "new --from": lambda p: ["new", "--from", p],
        "import": lambda p: ["import", p, "--account", "acme"],
        "tune --metrics": lambda p: ["tune", "job.yaml", "--metrics", p],
        "new --dataset-file": lambda p: ["new", *RESOURCES, "--dataset-file", p],
        "validate --dataset-file": lambda p: ["validate", "job.yaml", "--dataset-file", p],
        "diff": lambda p: ["diff", "job.yaml", p],
        "sweep": lambda p: ["sweep", p, "--vary", "epochs=2", "-o", "sw"],
    }
    for label, spec in specials.items():
        for reader, args in readers.items():
            yield Case(f"{reader} {label}", args("input"), {"input": spec, "job.yaml": BASE})


METRICS: dict[str, str | bytes] = {
    "empty": "",
    "header only": "step,train/reward\n",
    "one row": "step,train/reward\n1,0.5\n",
    "NaN rewards": "step,train/reward\n" + "".join(f"{i},nan\n" for i in range(100)),
    "infinite rewards": "step,train/reward\n" + "".join(f"{i},{'inf' if i % 2 else '-inf'}\n" for i in range(100)),
    "huge numbers": "step,train/reward\n" + "".join(f"{i},{'9' * 400}\n" for i in range(100)),
    "thousands of digits": "step,train/reward\n" + "".join(f"{'9' * 5000},{'1' * 5000}\n" for i in range(50)),
    "text rewards": "step,train/reward\n" + "".join(f"{i},high\n" for i in range(100)),
    "no reward column": "step,loss\n1,2\n",
    "duplicate columns": "step,train/reward,train/reward\n" + "".join(f"{i},{i},{-i}\n" for i in range(50)),
    "ragged rows": "step,train/reward\n1\n2,0.1,9,9\n3,0.2\n" * 20,
    "binary": bytes(range(256)) * 40,
    "BOM": "\ufeffstep,train/reward\n" + "".join(f"{i},{i / 100}\n" for i in range(100)),
    "CRLF": "step,train/reward\r\n" + "".join(f"{i},{i / 100}\r\n" for i in range(100)),
    "NUL in CSV": "step,train/reward\n1,0.1\x00\n" * 30,
    "torn JSONL": "".join(f'{{"step": {i}, "train/reward": {i / 50}}}\n' for i in range(50)) + '{"step": 51, "tra',
    "JSONL of lists": "[1, 2]\n" * 50,
    "deep JSONL": ("[" * 50_000 + "]" * 50_000 + "\n") * 2,
    "one huge line": "step,train/reward\n" + "1," + "9" * 3_000_000 + "\n",
    "quote never closed": 'step,train/reward\n1,"0.5\n' + "2,0.6\n" * 1000,
    "200k rows": "step,train/reward\n" + "".join(f"{i},{(i % 97) / 97}\n" for i in range(200_000)),
    "200k JSONL rows": "".join(f'{{"step":{i},"reward":{(i % 89) / 89}}}\n' for i in range(200_000)),
    # A whole training log whose other series are hostile: every rule reads them.
    "whole log of hostile series": "step,train/reward,train/kl,train/entropy,train/completions/max_length,"
    "train/completions/clipped_ratio,train/frac_reward_zero_std,rewards/a/mean,rewards/b/mean\n"
    + "".join(
        f"{i},{i / 100},{['inf', 'nan', '1e308', '-5', 'x'][i % 5]},0,{'9' * 400},{-i},{1e308 if i % 2 else -1e308},"
        f"{i % 3},{-(i % 7)}\n"
        for i in range(100)
    ),
    "whole log, one point each": "step,reward,kl,entropy\n"
    + "".join(f"{i},{i / 20},{'' if i else 0.1},\n" for i in range(20)),
    "trainer_state torn": '{\n  "log_history": [\n    {"step": 1, "reward": 0.5},\n    {"step": 2, "rew',
    "trainer_state of numbers": '{\n  "global_step": 3,\n  "log_history": [1, 2, 3]\n}\n',
    "verl score only, NaN": "step,critic/score/mean\n" + "".join(f"{i},nan\n" for i in range(50)),
}


def metrics_cases() -> Iterator[Case]:
    for label, text in METRICS.items():
        suffix = "jsonl" if "JSONL" in label else "csv"
        files = {"job.yaml": BASE, f"m.{suffix}": text}
        yield Case(f"tune --metrics {label}", ["tune", "job.yaml", "--metrics", f"m.{suffix}", "-o", "t.yaml"], files)
        data = text.encode() if isinstance(text, str) else text
        yield Case(f"tune --metrics - {label}", ["tune", "job.yaml", "--metrics", "-"], {"job.yaml": BASE}, stdin=data)


def _row(prompt: str) -> str:
    return json.dumps({"messages": [{"role": "user", "content": prompt}, {"role": "assistant", "content": "4"}]}) + "\n"


DATASETS: dict[str, str | bytes] = {
    "empty": "",
    "blank lines": "\n\n\n",
    "BOM": "\ufeff" + _row("2+2?") * 3,
    "latin-1": _row("2+2?").encode() + b'{"messages": [{"role": "user", "content": "caf\xe9"}]}\n',
    "not JSON": "hello\n" * 100,
    "lists": "[1]\n" * 100,
    "no messages": '{"x": 1}\n' * 100,
    "messages not a list": '{"messages": "hi"}\n' * 100,
    "empty messages": '{"messages": []}\n' * 100,
    "deep line": "[" * 100_000 + "]" * 100_000 + "\n",
    "one huge line": _row("x" * 5_000_000),
    "NUL bytes": _row("a\x00b") + "\x00\x00\n",
    "numbers as content": '{"messages": [{"role": "user", "content": 12}]}\n',
    "huge number": '{"messages": [{"role": "user", "content": "a"}], "n": ' + "9" * 10_000 + "}\n",
}


def dataset_cases() -> Iterator[Case]:
    for label, text in DATASETS.items():
        files = {"job.yaml": BASE, "d.jsonl": text}
        yield Case(
            f"new --dataset-file {label}", ["new", *RESOURCES, "--dataset-file", "d.jsonl", "-o", "o.yaml"], files
        )
        yield Case(f"validate --dataset-file {label}", ["validate", "job.yaml", "--dataset-file", "d.jsonl"], files)


IMPORTS = [
    "", "firectl", "firectl create rftj", "firectl create rftj --base-model",
    "firectl create rftj --base-model qwen3-8b --dataset d --evaluator e --epochs 1 --epochs 3",
    "firectl create rftj --base-model qwen3-8b --dataset d --evaluator e --epochs=nan",
    "firectl create rftj --base-model qwen3-8b --dataset d --evaluator e --epochs " + "9" * 5000,
    "firectl create rftj --base-model qwen3-8b --dataset d --evaluator e --learning-rate 1e999",
    "firectl create rftj --base-model 'qwen3-8b --dataset d",
    "firectl create rftj --base-model qwen3-8b --dataset d --evaluator e --wandb=maybe",
    "firectl create rftj --base-model qwen3-8b --dataset d --evaluator e --api-key fw-123",
    "firectl create rftj --base-model qwen3-8b --dataset 'd\nx: 1' --evaluator e",
    "firectl create rftj --base-model qwen3-8b --dataset d --evaluator e --job-id 'x\n'",
    "ep create rft --base-model qwen3-8b --dataset d",
    "rm -rf / --base-model x",
    "firectl create rftj " + "--x " * 20_000,
    "firectl create rftj --base-model qwen3-8b --dataset d --evaluator e \\\n --epochs 2",
    "firectl create rftj --base-model qwen3-8b --dataset d --evaluator e --eval-auto-carveout=false --eval-auto-carveout",
]  # fmt: skip

BODIES: dict[str, str] = {
    "duplicate keys": '{"dataset": "a", "dataset": "b", "evaluator": "e", "trainingConfig": {"baseModel": "m"}}',
    "duplicate nested": '{"dataset": "d", "evaluator": "e", "trainingConfig": {"epochs": 1, "epochs": 9}}',
    "deep": '{"dataset":' * 20_000 + '"d"' + "}" * 20_000,
    "NaN": '{"dataset": "d", "evaluator": "e", "trainingConfig": {"baseModel": "m", "learningRate": NaN}}',
    "huge int": '{"dataset": "d", "evaluator": "e", "trainingConfig": {"baseModel": "m", "epochs": '
    + "9" * 6000
    + "}}",
    "array": "[1, 2, 3]",
    "secret": '{"dataset": "d", "evaluator": "e", "apiKey": "fw-123", "trainingConfig": {"baseModel": "m"}}',
    "read-only fields": '{"name": "x", "state": "RUNNING", "dataset": "d", "evaluator": "e", "trainingConfig": {"baseModel": "m"}}',
}


def import_cases() -> Iterator[Case]:
    for i, command in enumerate(IMPORTS):
        yield Case(f"import --command #{i}", ["import", "--command", command, "--account", "acme", "-o", "o.yaml"])
        yield Case(f"import stdin command #{i}", ["import", "--account", "acme"], stdin=command.encode())
    for label, body in BODIES.items():
        yield Case(f"import body {label}", ["import", "body.json", "--account", "acme", "-o", "o.yaml"], {"body.json": body})  # fmt: skip


IMPORTED = "firectl create rftj --base-model qwen3-8b --dataset d --evaluator e"


def output_cases() -> Iterator[Case]:
    """Every command that writes, given every kind of awkward place to write."""
    places: dict[str, tuple[str, dict[str, Any]]] = {
        "an existing file": ("out", {"out": "keep me\n"}),
        "a folder": ("out", {"out": FOLDER}),
        "a name ending in /": ("out/", {}),
        "a missing folder": ("no/such/out", {}),
        "a dangling link": ("out", {"out": Link("elsewhere")}),
        "a link to a file": ("out", {"out": Link("target"), "target": "keep me\n"}),
        "a link to a folder": ("out", {"out": Link("dir"), "dir": FOLDER}),
        "a long name": ("o" * 300, {}),
        "a long path": ("/".join(["d" * 200] * 30), {}),
        "a newline in the name": ("out\nx", {}),
        "a name like a flag": ("--force", {}),
        "a FIFO": ("out", {"out": FIFO}),
        "a file in a file": ("file/out", {"file": "x\n"}),
    }
    writers = {
        "new": lambda o: ["new", *RESOURCES, "-o", o],
        "render": lambda o: ["render", "job.yaml", "-f", "firectl", "-o", o],
        "tune": lambda o: ["tune", "job.yaml", "--symptom", "too-expensive", "-o", o],
        "import": lambda o: ["import", "--command", IMPORTED, "--account", "acme", "-o", o],
        "sweep": lambda o: ["sweep", "job.yaml", "--vary", "epochs=2,3", "-o", o],
        "schema": lambda o: ["schema", "-o", o],
    }
    for label, (output, files) in places.items():
        for writer, args in writers.items():
            yield Case(f"{writer} -o {label}", args(output), {"job.yaml": BASE, **files})
            if label in ("an existing file", "a link to a file", "a dangling link", "a folder"):
                yield Case(f"{writer} --force -o {label}", [*args(output), "--force"], {"job.yaml": BASE, **files})
    for writer, args in writers.items():
        # The job would be lost without a word: that is a file error (2), never a quiet 0.
        yield Case(f"{writer} to a closed stdout", args("-")[:-2], {"job.yaml": BASE}, stdout_open=False,
                   exits=frozenset({2}))  # fmt: skip


# A folder as an earlier `rftcfg sweep` leaves it, which `--force` may replace.
EARLIER_SWEEP = {
    "sw/launch.sh": "#!/bin/sh\n# written by rftcfg sweep\n",
    "sw/summary.txt": "old\n",
    "sw/old-variant.yaml": BASE,
}


def signal_cases() -> Iterator[Case]:
    """Interrupts at moments spread over a write: the folder must be as it was, or complete."""
    big = ",".join(f"{0.1 + t / 1000:.3f}" for t in range(900))  # 900 variants, each in range
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        for delay in (0.005, 0.02, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6):  # from just after the handlers exist
            name = signal.Signals(number).name
            yield Case(f"sweep {name} after {delay}s", ["sweep", "job.yaml", "--vary", f"temperature={big}", "-o", "sw"],
                       {"job.yaml": BASE}, signal=(number, delay), exits=frozenset({0, 130}))  # fmt: skip
            yield Case(f"sweep --force {name} after {delay}s", ["sweep", "job.yaml", "--vary", f"temperature={big}", "-o", "sw", "--force"],
                       {"job.yaml": BASE, **EARLIER_SWEEP}, signal=(number, delay), exits=frozenset({0, 130}))  # fmt: skip
            yield Case(f"new {name} after {delay}s", ["new", *RESOURCES, "-o", "out.yaml"], signal=(number, delay),
                       exits=frozenset({0, 130}))  # fmt: skip


def _newer_ledger() -> bytes:
    """A ledger as a newer rftcfg would leave it: our schema, a version number past ours."""
    import tempfile
    from pathlib import Path

    from tests.ledger.helpers import newer_ledger_bytes

    with tempfile.TemporaryDirectory() as folder:
        return newer_ledger_bytes(Path(folder))


def ledger_cases() -> Iterator[Case]:
    """Ledgers that are not ledgers, wherever a command would record or read one: exit 2 with
    nothing written and the ledger exactly as it was."""
    ledgers: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
        "a corrupt runs.db": ({".rftcfg/runs.db": b"SQLite format 3\x00" + bytes(range(256)) * 40}, {}),
        "a text runs.db": ({".rftcfg/runs.db": "not a database\n" * 100}, {}),
        "an empty runs.db": ({".rftcfg/runs.db": ""}, {}),
        "a runs.db folder": ({".rftcfg/runs.db": FOLDER}, {}),
        "a runs.db FIFO": ({".rftcfg/runs.db": FIFO}, {}),
        "a dangling runs.db": ({".rftcfg/runs.db": Link("nowhere.db")}, {}),
        "RFTCFG_LEDGER at /dev/zero": ({}, {"RFTCFG_LEDGER": "/dev/zero"}),
        "RFTCFG_LEDGER at a folder": ({}, {"RFTCFG_LEDGER": "{cwd}"}),
        "RFTCFG_LEDGER missing": ({}, {"RFTCFG_LEDGER": "{cwd}/no/such.db"}),
        "a newer ledger": ({".rftcfg/runs.db": _newer_ledger()}, {}),
    }
    commands = {
        "new -o": ["new", *RESOURCES, "-o", "out.yaml"],
        "tune -o": ["tune", "job.yaml", "--symptom", "too-expensive", "-o", "out.yaml"],
        "sweep": ["sweep", "job.yaml", "--vary", "epochs=2,3", "-o", "sw"],
        "import -o": ["import", "--command", IMPORTED, "--account", "acme", "-o", "out.yaml"],
        "runs": ["runs", "--json"],
        "record": ["record", "job.yaml", "--metrics", "m.csv"],
        "compare": ["compare", "job.yaml", "other.yaml"],
        "next -o": ["next", "job.yaml", "-o", "out.yaml"],
    }
    metrics = "step,train/reward\n" + "".join(f"{i},{i / 100}\n" for i in range(100))
    for label, (files, env) in ledgers.items():
        for command, args in commands.items():
            yield Case(f"{command} with {label}", args, {"job.yaml": BASE, "m.csv": metrics, **files}, env=env,
                       exits=frozenset({2}))  # fmt: skip


def ledger_use_cases() -> Iterator[Case]:
    """A working ledger asked awkward things: runs that are not there, the same run twice, curves
    too short to judge, metrics that hold no reward, hostile names for a run."""
    prepared = {"job.yaml": BASE, "m.csv": "step,train/reward\n" + "".join(f"{i},{i / 100}\n" for i in range(100))}
    setup = ["init"]
    refs = ["", "-", "x", "abcd", "job.yaml", "../job.yaml", "a" * 5000, "run\n1", "%", "*", "' OR 1=1 --"]
    for i, ref in enumerate(refs):
        for command in (["compare", ref, "job.yaml"], ["next", ref], ["record", ref, "--metrics", "m.csv"]):
            yield Case(f"{command[0]} ref #{i} {ref[:12]!r}", command, prepared, setup=setup)
    yield Case("compare a run with itself", ["compare", "job.yaml", "job.yaml"], prepared, setup=[*setup, "record"])
    for label, text in list(METRICS.items())[:12]:
        yield Case(f"record metrics {label}", ["record", "job.yaml", "--metrics", "x.csv"], {**prepared, "x.csv": text},
                   setup=setup)  # fmt: skip


def remote_cases() -> Iterator[Case]:
    """The Fireworks commands where the service cannot be reached or asked: no key, a closed port,
    a base URL that is not one, hostile job names. Never the network: every URL is loopback or
    malformed. Exit 2 (or 1 for an invalid job), one line, nothing written."""
    places = {
        "no key": {"FIREWORKS_BASE_URL": "http://127.0.0.1:9", "FIREWORKS_API_KEY": ""},
        "a closed port": {"FIREWORKS_BASE_URL": "http://127.0.0.1:9", "FIREWORKS_API_KEY": "fw-hostile-key"},
        "a base URL that is no URL": {"FIREWORKS_BASE_URL": "not a url\n", "FIREWORKS_API_KEY": "fw-hostile-key"},
        "a base URL with no host": {"FIREWORKS_BASE_URL": "http://", "FIREWORKS_API_KEY": "fw-hostile-key"},
    }
    commands = {
        "launch": ["launch", "job.yaml", "--account", "acme"],
        "status": ["status", "gsm8k-1", "--account", "acme"],
        "watch": ["watch", "gsm8k-1", "--account", "acme", "--interval", "0.01", "--timeout", "0.5"],
        "jobs": ["jobs", "--account", "acme"],
        "cancel": ["cancel", "gsm8k-1", "--account", "acme"],
        "resume": ["resume", "gsm8k-1", "--account", "acme"],
    }
    for label, env in places.items():
        for command, args in commands.items():
            yield Case(f"{command} with {label}", args, {"job.yaml": BASE}, env={**env, "RFTCFG_REQUEST_TIMEOUT": "1"},
                       exits=frozenset({2}))  # fmt: skip
    for i, text in enumerate(TEXTS):
        yield Case(f"status job #{i} {text[:12]!r}", ["status", text, "--account", "acme"],
                   env=places["a closed port"], exits=frozenset({2}))  # fmt: skip
        yield Case(f"watch --interval #{i} {text[:12]!r}", ["watch", "gsm8k-1", "--interval", text, "--account", "acme"],
                   env=places["a closed port"], exits=frozenset({2}))  # fmt: skip
    yield Case("launch an invalid job", ["launch", "job.yaml", "--account", "acme"],
               {"job.yaml": job_with("training_config", "epochs", "99")}, env=places["a closed port"],
               exits=frozenset({1}))  # fmt: skip


CLASSES = {
    "values": value_cases,
    "flags": flag_cases,
    "texts": text_cases,
    "structures": structure_cases,
    "special files": special_file_cases,
    "metrics": metrics_cases,
    "datasets": dataset_cases,
    "imports": import_cases,
    "outputs": output_cases,
    "signals": signal_cases,
    "ledger use": ledger_use_cases,
    "remote": remote_cases,
    "ledgers": ledger_cases,
}
