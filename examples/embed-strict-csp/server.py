"""Embed a formc form in your own page under a strict Content Security Policy, and handle what it posts.

A tiny stdlib server (http.server) bound to 127.0.0.1. Every response carries
``Content-Security-Policy: default-src 'self'``: no inline script or style is
allowed, and the built fragment needs none (its data block is
``type="application/json"``, which is never executed; ``formc.js`` and
``formc.css`` are served as files). A POST is decoded with ``formc.decode``
and checked with ``form.validate``; the answer lists the problems or
confirms the data. For a demo, not for production: no TLS, no CSRF token,
nothing is stored.

    formc build            # writes build/html/
    python server.py       # then open http://127.0.0.1:8000/
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl

import formc

HERE = Path(__file__).resolve().parent
CSP = "default-src 'self'"
MAX_BODY = 1_000_000
ASSETS = {"/formc.css": "text/css; charset=utf-8", "/formc.js": "text/javascript; charset=utf-8"}

PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="/formc.css">
<script src="/formc.js" defer></script>
</head>
<body>
<main>
<h1>{title}</h1>
{body}
</main>
</body>
</html>
"""


class App:
    def __init__(self, project: Path, build: Path, form_id: str, lang: str) -> None:
        self.form = formc.load(project).form(form_id)
        self.lang = lang
        self.html = build / "html"
        self.fragment = (self.html / f"{form_id}.{lang}.fragment.html").read_text(encoding="utf-8")

    def page(self, title: str, body: str) -> bytes:
        return PAGE.format(lang=self.lang, title=html.escape(title), body=body).encode("utf-8")

    def answer(self, pairs: list[tuple[str, str]]) -> tuple[int, bytes]:
        data = formc.decode(self.form, pairs)
        errors = self.form.validate(data, lang=self.lang)
        if errors:
            items = "".join(f"<li>{html.escape(e.message)}</li>" for e in errors)
            return 422, self.page("Not accepted", f'<ul class="problems">{items}</ul><p><a href="/">Back</a></p>')
        shown = html.escape(json.dumps(data, ensure_ascii=False, indent=2))
        return 200, self.page("Received", f'<p class="received">Thank you.</p><pre>{shown}</pre>')


def handler(app: App) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path == "/":
                self.send(200, app.page(app.form.title(app.lang), app.fragment))
            elif self.path in ASSETS:
                self.send(200, (app.html / self.path.lstrip("/")).read_bytes(), ASSETS[self.path])
            elif self.path == "/favicon.ico":
                self.send(204, b"", "image/x-icon")
            else:
                self.send(404, app.page("Not found", "<p>Not found.</p>"))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if self.path != "/" or length > MAX_BODY:
                self.send(400, app.page("Bad request", "<p>Bad request.</p>"))
                return
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            self.send(*app.answer(parse_qsl(body, keep_blank_values=True)))

        def log_message(self, format: str, *args: object) -> None:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    return Handler


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--build", type=Path, default=HERE / "build", help="the output folder of `formc build`")
    parser.add_argument("--form", default="feedback")
    parser.add_argument("--lang", default="nb")
    args = parser.parse_args(argv)
    app = App(HERE, args.build, args.form, args.lang)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler(app))
    print(f"serving on http://127.0.0.1:{server.server_address[1]}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
