"""Fixtures for the HTML target's tests: builds, one Chromium for the session, axe-core, vnu, a capturing server.

Browser tools are optional outside CI (the tests skip with the reason) and
required in CI (``CI=true``: a missing tool fails the run).
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import os
import shutil
import threading
import urllib.parse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest

import formc
from formc.targets_api import BuildContext, shared_files
from formc.targets.html import TARGET

HERE = Path(__file__).resolve().parent
SMALL = HERE / "projects" / "small"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IN_CI = os.environ.get("CI") == "true"
CSP = "default-src 'self'"


def missing(reason: str) -> None:
    """Skip outside CI, fail in CI."""
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


def build(forms: list[formc.model.Form], organisation: Any, out: Path) -> list[Path]:
    """Write every HTML file for ``forms`` into ``out``; the page and fragment paths, in order."""
    ctx = BuildContext(organisation=organisation)
    out.mkdir(parents=True, exist_ok=True)
    pages = []
    for item in [f for form in forms for f in TARGET.emit_form(form, ctx)] + shared_files(TARGET, forms, ctx):
        (out / item.path).write_bytes(item.content)
        if item.path.endswith(".html"):
            pages.append(out / item.path)
    return pages


@pytest.fixture(scope="session")
def small() -> formc.Project:
    return formc.load(SMALL)


class Server:
    """A local HTTP server (127.0.0.1) that serves ``root`` under a strict CSP and records every POST."""

    def __init__(self, root: Path):
        self.root = root
        self.posts: list[tuple[str, str, bytes]] = []
        owner = self

        class Handler(SimpleHTTPRequestHandler):
            def __init__(self, *args: Any, **kwargs: Any):
                super().__init__(*args, directory=str(owner.root), **kwargs)

            def end_headers(self) -> None:
                self.send_header("Content-Security-Policy", CSP)
                super().end_headers()

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                owner.posts.append((self.path, self.headers.get("Content-Type", ""), body))
                page = b'<!DOCTYPE html><html lang="en"><head><title>Received</title></head><body><p>Received</p></body></html>'
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def take(self) -> tuple[str, bytes]:
        assert self.posts, "nothing was posted"
        _, content_type, body = self.posts.pop()
        return content_type, body


def posted_pairs(content_type: str, body: bytes) -> list[tuple[str, Any]]:
    """The (name, value) pairs of a posted body, as a server passes them to ``formc.decode`` (files as metadata)."""
    if content_type.startswith("application/x-www-form-urlencoded"):
        return urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True)
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    pairs: list[tuple[str, Any]] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        content = part.get_payload(decode=True) or b""
        if filename is None:
            pairs.append((name, content.decode("utf-8")))
        elif filename:
            pairs.append((name, {"filename": filename, "media_type": part.get_content_type(), "size": len(content),
                                 "sha256": hashlib.sha256(content).hexdigest()}))
    return pairs


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    served = Server(tmp_path_factory.mktemp("site"))
    yield served
    served.httpd.shutdown()


@pytest.fixture(scope="session")
def browser(shared_chromium: Any) -> Any:
    return shared_chromium


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that fails the test on any script error or CSP violation."""
    context = browser.new_context(locale="en-US")
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.on("console", lambda msg: problems.append(msg.text)
           if msg.type == "error" and not msg.text.startswith("Failed to load resource") else None)
    tab.on("response", lambda response: problems.append(f"{response.status} {response.url}")
           if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
    yield tab
    context.close()
    assert not problems, problems


@pytest.fixture(scope="session")
def axe_script(repo: Path) -> Path:
    path = repo / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        missing(f"{path} is missing: run `npm install --no-save axe-core vnu-jar --ignore-scripts`")
    return path


@pytest.fixture(scope="session")
def vnu(repo: Path) -> list[str]:
    jar = repo / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    java = shutil.which("java")
    if not jar.is_file() or java is None:
        missing(f"the Nu checker needs {jar} and java: run `npm install --no-save axe-core vnu-jar --ignore-scripts`")
    return [java, "-jar", str(jar)]


@pytest.fixture(scope="session")
def shipped_forms(shipped: formc.Project) -> list[formc.model.Form]:
    return sorted(shipped.forms.values(), key=lambda f: f.id)


# -- valid submissions derived from the model -----------------------------------------------------

def _from_regex(pattern: str) -> str:
    """A short string that fully matches a simple author pattern (literals, classes, repeats, groups, branches)."""
    import re._parser as sre  # type: ignore[import-not-found]

    def emit(items: Any) -> str:
        out = []
        for op, arg in items:
            name = str(op)
            if name == "LITERAL":
                out.append(chr(arg))
            elif name == "IN":
                first = arg[0]
                out.append(chr(first[1][0]) if str(first[0]) == "RANGE" else chr(first[1]) if str(first[0]) == "LITERAL"
                           else {"CATEGORY_DIGIT": "1", "CATEGORY_WORD": "a", "CATEGORY_SPACE": " "}.get(str(first[1]), "a"))
            elif name == "ANY":
                out.append("a")
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                low, _high, sub = arg
                out.append(emit(sub) * max(low, 1))
            elif name == "SUBPATTERN":
                out.append(emit(arg[-1]))
            elif name == "BRANCH":
                out.append(emit(arg[1][0]))
            elif name == "CATEGORY":
                out.append({"CATEGORY_DIGIT": "1", "CATEGORY_WORD": "a", "CATEGORY_SPACE": " "}.get(str(arg), "a"))
        return "".join(out)

    return emit(sre.parse(pattern))


def _with_check(prefix: str, length: int, check: Any) -> str:
    for number in range(10 ** (length - len(prefix))):
        candidate = prefix + str(number).zfill(length - len(prefix))
        if check(candidate):
            return candidate
    raise AssertionError(f"no valid number starts with {prefix}")


def candidates(field: Any, today: Any) -> list[Any]:
    """Valid values for one field (the first is the default)."""
    from formc import checkdigits

    kind = field.type
    if kind in ("text", "textarea"):
        if field.pattern:
            return [_from_regex(field.pattern)]
        low = field.min_length or 1
        words = ["Ola Nordmann", "Test æøå", "Kari"]
        return [(w * low)[: max(low, min(len(w), field.max_length or 200))] for w in words]
    if kind in ("integer", "decimal", "money"):
        low = field.minimum if field.minimum is not None else 0
        high = field.maximum if field.maximum is not None else low + 1000
        values = [low, high, (low + high) / 2]
        step = 10 ** -(field.decimals if field.decimals is not None else (2 if kind == "money" else 2))
        values = [round(v / step) * step if kind != "integer" else int(v) for v in values]
        values = [int(v) if float(v).is_integer() else round(v, 6) for v in values]
        return [v for v in values if low <= v <= high] or [low]
    if kind == "boolean":
        return [True, False]
    if kind == "consent":
        return [True]
    if kind == "date":
        low = field.date_min.resolve(today) if field.date_min else None
        high = field.date_max.resolve(today) if field.date_max else None
        import datetime

        days = [d for d in (low, high, today, today + datetime.timedelta(days=30)) if d is not None
                and (low is None or d >= low) and (high is None or d <= high)]
        return [d.isoformat() for d in days]
    if kind == "time":
        return [t for t in (field.time_min or "09:00", field.time_max or "15:00", "12:00")
                if (field.time_min or "00:00") <= t <= (field.time_max or "23:59")]
    if kind == "email":
        return ["ola@example.no"]
    if kind == "phone":
        return ["91234567" if field.country in (None, "NO", "DK") else "+4791234567"]
    if kind == "url":
        return ["https://www.example.no/side"]
    if kind == "choice":
        return [o.value for o in field.options]
    if kind == "multichoice":
        low = max(field.min_items or 1, 1)
        high = min(field.max_items or len(field.options), len(field.options))
        return [[o.value for o in field.options[:k]] for k in range(low, high + 1)] or [[field.options[0].value]]
    if kind == "national_id":
        return [_with_check("010190", 11, checkdigits.no_national_id)] if (field.country or "NO") == "NO" else ["0101901234"]
    if kind == "org_number":
        return [_with_check("9", 9, checkdigits.no_org_number)] if (field.country or "NO") == "NO" else [_with_check("1", 8, checkdigits.dk_cvr)]
    if kind == "bank_account":
        return [_with_check("1234567", 11, checkdigits.no_bank_account)] if field.country != "iban" else ["NO9386011117947"]
    if kind == "postal_code":
        return ["4790"]
    if kind == "address":
        return [{"street": "Storgata 1", "postal_code": "4790", "city": "Lillesand"}]
    if kind == "file":
        media = next((a for a in field.accept if not a.endswith("/*")), "application/pdf")
        content = b"%formc test file\n"
        return [[{"filename": "vedlegg." + media.split("/")[-1], "media_type": media, "size": len(content),
                  "sha256": hashlib.sha256(content).hexdigest()}]]
    raise AssertionError(kind)


def _generate(fields: Any, rng: Any, first: bool, today: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in fields:
        if field.type == "note" or (not first and not field.required and rng.random() < 0.3):
            continue
        if field.type == "group":
            data[field.id] = _generate(field.fields, rng, first, today)
        elif field.type == "repeat":
            count = max(field.min_items or 0, 1) if first else rng.randint(max(field.min_items or 0, 1), min(field.max_items or 3, 3))
            data[field.id] = [_generate(field.fields, rng, first, today) for _ in range(count)]
        else:
            options = candidates(field, today)
            data[field.id] = options[0] if first else rng.choice(options)
    return data


def encode(fields: Any, data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """The (name, value) pairs a browser posts for ``data`` (files as the server's metadata)."""
    pairs: list[tuple[str, Any]] = []
    for field in fields:
        if field.id not in data:
            continue
        value, name = data[field.id], prefix + field.id
        if field.type == "group":
            pairs += encode(field.fields, value, name + ".")
        elif field.type == "repeat":
            for index, item in enumerate(value):
                pairs += encode(field.fields, item, f"{name}[{index}].")
        elif field.type == "address":
            pairs += [(f"{name}.{part}", text) for part, text in value.items()]
        elif field.type in ("multichoice", "file"):
            pairs += [(name, v) for v in value]
        elif isinstance(value, bool):
            pairs.append((name, "true" if value else "false"))
        else:
            pairs.append((name, str(value)))
    return pairs


def valid_data(form: Any, seed: int = 0) -> dict[str, Any]:
    """A submission that ``form.validate`` accepts, filling in as much as the rules allow (decoded, so hidden fields are gone)."""
    import datetime
    import random
    import zoneinfo

    today = datetime.datetime.now(zoneinfo.ZoneInfo(form.timezone)).date()  # the day formc.js calls today
    rng = random.Random(seed)
    for attempt in range(400):
        data = formc.decode(form, encode(form.fields, _generate(form.fields, rng, attempt == 0 and seed == 0, today)))
        if not form.validate(data, today=today):
            return data
    raise AssertionError(f"{form.id}: no valid submission found; last errors {form.validate(data)}")


# -- filling a page in the browser ----------------------------------------------------------------

def fill(page: Any, form: Any, data: dict[str, Any], lang: str, js: bool = True) -> None:
    """Type ``data`` into the page the way a person would (numbers Norwegian style on nb/nn pages)."""
    _fill(page, form.fields, data, "", lang, js)


def _fill(page: Any, fields: Any, data: dict[str, Any], prefix: str, lang: str, js: bool) -> None:
    for field in fields:
        if field.id not in data:
            continue
        value, name = data[field.id], prefix + field.id
        by_name = f'[name="{name}"]'
        if field.type == "group":
            _fill(page, field.fields, value, name + ".", lang, js)
        elif field.type == "repeat":
            for index, item in enumerate(value):
                slot = f'[data-formc-path="{name}"] [data-formc-slot="{index}"]'
                if js and not page.is_visible(slot):
                    page.click(f'[data-formc-path="{name}"] .formc-add >> nth=-1')
                _fill(page, field.fields, item, f"{name}[{index}].", lang, js)
        elif field.type == "address":
            for part, text in value.items():
                page.fill(f'[name="{name}.{part}"]', text)
        elif field.type in ("choice", "multichoice", "boolean"):
            chosen = value if isinstance(value, list) else ["true" if value is True else "false" if value is False else value]
            if page.locator(f"select{by_name}").count():
                page.select_option(f"select{by_name}", chosen[0])
            for v in chosen if not page.locator(f"select{by_name}").count() else []:
                page.check(f'{by_name}[value="{v}"]')
        elif field.type == "consent":
            page.check(by_name)
        elif field.type == "file":
            content = b"%formc test file\n"
            page.set_input_files(by_name, [{"name": f["filename"], "mimeType": f["media_type"], "buffer": content} for f in value])
        elif field.type in ("decimal", "money") and lang in ("nb", "nn"):
            page.fill(by_name, str(value).replace(".", ","))
        else:
            page.fill(by_name, str(value))


@pytest.fixture(scope="session")
def kit() -> Any:
    """The helpers above, for the test modules."""
    import types

    return types.SimpleNamespace(build=build, valid_data=valid_data, encode=encode, fill=fill, posted_pairs=posted_pairs,
                                 candidates=candidates)
