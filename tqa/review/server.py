"""The review page's web server: a Starlette application served by uvicorn on 127.0.0.1 only.

What keeps another program or web page from reading or changing the review:

* the socket is bound to 127.0.0.1 (never 0.0.0.0 or ::), on a port the system picks;
* every request needs the session's token (``secrets.token_urlsafe``, 192 bits), in the URL's ``token``
  parameter (the page and its two assets) or the ``X-Tqa-Token`` header (the page's requests), compared with
  ``hmac.compare_digest``;
* the ``Host`` header must name this server (127.0.0.1 or localhost and its port), which defeats DNS
  rebinding: a page of another site that got its name pointed at 127.0.0.1 still sends its own name;
* an ``Origin`` header, when sent, must be this server's, and a browser's ``Sec-Fetch-Site`` must be
  ``same-origin`` (or ``none``: the URL typed or clicked); a request that changes anything (POST) must carry
  an Origin and a JSON body, so no form of another site can post to it;
* nothing is served from the file system: the page, its stylesheet and its script come from the package, and
  the document only through the session (a path in the URL names nothing);
* every response forbids framing, caching, sniffing and referrers, and the page has a strict
  Content-Security-Policy (scripts, styles and requests from this server only; no inline script or style).
"""

from __future__ import annotations

import hmac
import json
import secrets
import socket
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from ..errors import TqaError
from ..fix import match_case
from .session import ACCEPT, EDIT, REJECT

if TYPE_CHECKING:  # pragma: no cover
    from .session import ReviewSession

HOST = "127.0.0.1"
TOKEN_HEADER = "x-tqa-token"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
       "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
#: The only files the server sends besides the page: bundled with the package, by name.
ASSETS = {"review.css": "text/css; charset=utf-8", "review.js": "text/javascript; charset=utf-8"}
BADGES = {"minor": "minor", "major": "MAJOR", "critical": "CRITICAL"}


def new_token() -> str:
    return secrets.token_urlsafe(24)


def bind(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1 (``port`` 0: one the system picks)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind((HOST, port))
    except OSError as exc:
        sock.close()
        raise TqaError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from None
    sock.listen(64)
    return sock


class Guard:
    """ASGI middleware: refuses (403) a request without the token, for another host, or from another origin,
    and adds :data:`HEADERS` to every response."""

    def __init__(self, app, token: str, port: int):
        self.app = app
        self.token = token.encode()
        self.hosts = {f"{HOST}:{port}", f"localhost:{port}"}
        self.origins = {f"http://{host}" for host in self.hosts}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            await self.app(scope, receive, send)
            return
        refusal = self.refusal(scope)
        if refusal:
            await _plain(send, 403, refusal)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name.lower().encode(), value.encode()) for name, value in HEADERS.items()
                         if name.lower().encode() not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def refusal(self, scope) -> str:
        headers = {}
        for name, value in scope.get("headers", []):
            headers.setdefault(name.decode("latin-1").lower(), []).append(value.decode("latin-1"))
        host = headers.get("host", [])
        if len(host) != 1 or host[0].lower() not in self.hosts:
            return "forbidden: unknown host"
        origin = headers.get("origin", [])
        if origin and (len(origin) != 1 or origin[0].lower() not in self.origins):
            return "forbidden: another origin"
        fetched_from = headers.get("sec-fetch-site", [])
        if fetched_from and fetched_from[0].lower() not in ("same-origin", "none"):
            return "forbidden: a request from another site"  # a browser says so even where it sends no Origin
        if scope["method"] not in ("GET", "HEAD", "POST"):
            return "forbidden: method"
        if scope["method"] == "POST":
            if not origin:
                return "forbidden: a request that changes the review must say its origin"
            if headers.get("content-type", [""])[0].split(";")[0].strip().lower() != "application/json":
                return "forbidden: not JSON"
        given = headers.get(TOKEN_HEADER, [""])[0] or _query_token(scope.get("query_string", b""))
        if not hmac.compare_digest(given.encode("utf-8", "replace"), self.token):
            return "forbidden: no valid token"
        return ""


def _query_token(query: bytes) -> str:
    from urllib.parse import parse_qs

    values = parse_qs(query.decode("latin-1")).get("token", [])
    return values[0] if len(values) == 1 else ""


async def _plain(send, status: int, text: str) -> None:
    body = (text + "\n").encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                            *((name.lower().encode(), value.encode()) for name, value in HEADERS.items())]})
    await send({"type": "http.response.body", "body": body})


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(loader=PackageLoader("tqa.review", "templates"), autoescape=select_autoescape(default=True),
                       undefined=StrictUndefined)


@lru_cache(maxsize=None)
def _asset(name: str) -> bytes:
    return resources.files("tqa.review").joinpath("static", name).read_bytes()


def create_app(session: "ReviewSession", token: str, port: int):
    """The application: the page, its two assets, and the JSON API the page calls, behind :class:`Guard`."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Route

    from ..report import without_surrogates

    async def page(request: Request):
        session.refresh()
        html = _environment().get_template("review.html.j2").render(**page_values(session, token))
        return HTMLResponse(without_surrogates(html))

    async def asset(request: Request):
        name = request.path_params["name"]
        if name not in ASSETS:
            return Response("not found\n", status_code=404, media_type="text/plain")
        return Response(_asset(name), media_type=ASSETS[name])

    async def state(request: Request):
        session.refresh()
        return JSONResponse(state_json(session))

    async def decide(request: Request):
        body = await _json(request)
        if isinstance(body, Response):
            return body
        try:
            session.refresh()
            kind = body.get("decision")
            session.decide(body.get("index"), kind if isinstance(kind, str) else "",
                           replacement=_text(body.get("replacement")), reason=_text(body.get("reason")))
        except TqaError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse(state_json(session))

    async def undo(request: Request):
        body = await _json(request)
        if isinstance(body, Response):
            return body
        session.refresh()
        index = session.undo()
        return JSONResponse({**state_json(session), "undone": index})

    async def export(request: Request):
        body = await _json(request)
        if isinstance(body, Response):
            return body
        try:
            done = session.export()
        except TqaError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse({**state_json(session), "exported": {
            "document": done.document, "decisions": done.decisions_csv, "baseline": done.baseline,
            "rejected": done.rejected, "score": round(done.score, 1)}})

    async def not_found(request: Request, exc):
        return Response("not found\n", status_code=404, media_type="text/plain")

    routes = [
        Route("/", page, methods=["GET"]),
        Route("/assets/{name}", asset, methods=["GET"]),
        Route("/api/state", state, methods=["GET"]),
        Route("/api/decide", decide, methods=["POST"]),
        Route("/api/undo", undo, methods=["POST"]),
        Route("/api/export", export, methods=["POST"]),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found})
    return Guard(app, token, port)


async def _json(request):
    from starlette.responses import JSONResponse

    raw = await request.body()
    if len(raw) > 100_000:
        return JSONResponse({"error": "request too large"}, status_code=413)
    try:
        body = json.loads(raw.decode("utf-8")) if raw else {}
    except (UnicodeDecodeError, json.JSONDecodeError):
        return JSONResponse({"error": "not JSON"}, status_code=400)
    if not isinstance(body, dict):
        return JSONResponse({"error": "not a JSON object"}, status_code=400)
    return body


def _text(value) -> str:
    return value if isinstance(value, str) else ""


# --- what the page shows ---------------------------------------------------------------------------------------

def page_values(session: "ReviewSession", token: str) -> dict:
    """The template's values: the document as rows (a unit, or the whole plain text) of parts."""
    from .._version import __version__
    from ..suppression import about_document

    document = session.document
    findings = [item.finding for item in session.items]
    spans = [(f.start, f.end, i) for i, f in enumerate(findings) if f.end > f.start]
    rows = []
    if document.units:
        for unit in document.units:
            tags = [(unit.start + offset, label) for offset, label in unit.tags]
            sources = [(f.source_start, f.source_end, i) for i, f in enumerate(findings)
                       if f.unit == unit.id and f.source_start is not None and f.source_end > f.source_start]
            source = None if unit.source is None else _parts(unit.source, 0, len(unit.source), sources,
                                                              list(unit.source_tags), kind="source")
            rows.append({"id": unit.id, "line": unit.line, "source": source, "state": unit.state,
                         "note": unit.note, "target": _parts(document.text, unit.start, unit.end, spans, tags),
                         "points": [i for i, f in enumerate(findings)
                                    if f.end <= f.start and f.unit == unit.id and not about_document(f)]})
    else:
        rows.append({"id": "", "line": 1, "source": None, "state": "", "note": "",
                     "target": _parts(document.text, 0, len(document.text), spans, []), "points": []})
    placed = {i for row in rows for i in row["points"]}
    about_document = [i for i, f in enumerate(findings) if f.end <= f.start and i not in placed]
    return {"token": token, "revision": session.revision, "name": document.id, "bilingual": document.bilingual, "table": bool(document.units), "rows": rows,
            "about_document": about_document, "findings": findings, "version": __version__,
            "badges": BADGES, "review_file": session.review_file, "output": session.output,
            "total": len(findings), "references": bool(session.references)}


def _parts(text: str, start: int, end: int, spans, tags, kind: str = "finding") -> list[dict]:
    """``text[start:end]`` as parts: text, inline tags (chips) and findings (each with its own parts; ``kind``
    ``source`` for the spans in a unit's source that findings about the source point at)."""
    inside = sorted((s, e, i) for s, e, i in spans if start <= s and e <= end)
    tags = sorted(t for t in tags if start <= t[0] <= end)
    parts: list[dict] = []
    position = start

    def plain(low: int, high: int, out: list) -> None:
        nonlocal tags
        for offset, label in [t for t in tags if low <= t[0] < high or (t[0] == high == end)]:
            if offset > low:
                out.append({"kind": "text", "text": text[low:offset]})
            out.append({"kind": "tag", "label": label})
            low = offset
        tags = [t for t in tags if not (low <= t[0] < high or t[0] == high == end)]
        if high > low:
            out.append({"kind": "text", "text": text[low:high]})

    for s, e, index in inside:
        if s < position:
            continue  # overlapping findings never reach here (the pipeline resolves overlaps): defensive
        plain(position, s, parts)
        inner: list[dict] = []
        plain(s, e, inner)
        parts.append({"kind": kind, "index": index, "parts": inner})
        position = e
    plain(position, end, parts)
    return parts


def state_json(session: "ReviewSession") -> dict:
    """What the page needs after every change: each finding and its decision, the progress, the live score."""
    from ..report import action, without_surrogates

    result, corrected = session.score()
    items = []
    for item in session.items:
        f, d = item.finding, session.decision(item)
        if d is None or d.kind == REJECT:
            becomes = None
        elif d.kind == EDIT:
            becomes = d.replacement
        else:
            becomes = match_case(f.text, f.suggestion)
        items.append({
            "index": item.index, "rule": f.rule, "check": f.check, "category": f.category,
            "severity": str(f.severity), "penalty": f.penalty, "text": f.text, "suggestion": f.suggestion,
            "action": "" if f.suggestion else action(f), "message": f.message, "note": f.note, "line": f.line,
            "column": f.column, "unit": f.unit, "can_accept": item.can_accept, "can_edit": item.can_edit,
            "why_not": item.why_not, "decision": d.kind if d else None, "replacement": becomes,
            "reason": d.reason if d else "",
        })
    reviewed = sum(1 for item in items if item["decision"])
    metrics = {name: [round(before, 2), round(after, 2)] for name, (before, after) in session.metrics(corrected).items()}
    body = {
        "revision": session.revision, "notice": session.notice, "items": items, "reviewed": reviewed,
        "total": len(items), "progress": f"{reviewed} of {len(items)} reviewed",
        "score": round(result.score, 1), "score_before": round(session.result.score, 1),
        "penalty": round(result.penalty, 2), "words": result.words, "findings_after": len(result.findings),
        "can_undo": bool(session.history), "metrics": metrics,
        "decisions": {ACCEPT: sum(1 for i in items if i["decision"] == ACCEPT),
                      REJECT: sum(1 for i in items if i["decision"] == REJECT),
                      EDIT: sum(1 for i in items if i["decision"] == EDIT)},
    }
    return json.loads(without_surrogates(json.dumps(body, ensure_ascii=False)))


def serve(session: "ReviewSession", *, port: int = 0, open_browser: bool = True, announce=print) -> None:
    """Serve the review until Ctrl-C (or SIGTERM): uvicorn stops accepting, finishes what it is doing, and the
    signal then ends the run as any tqa command ends (the decisions are already saved)."""
    import threading

    import uvicorn

    sock = bind(port)
    token = new_token()
    chosen = sock.getsockname()[1]
    url = f"http://{HOST}:{chosen}/?token={token}"
    config = uvicorn.Config(create_app(session, token, chosen), log_level="warning", access_log=False,
                            lifespan="off", server_header=False, date_header=False)
    server = uvicorn.Server(config)
    announce(url)
    if open_browser and can_open_browser():
        threading.Thread(target=_open, args=(url,), daemon=True).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


def can_open_browser() -> bool:
    """Whether a graphical browser can be opened: on Linux and the BSDs only with a display (otherwise Python's
    webbrowser falls back to a text browser such as lynx, which would take over the terminal the server runs in)."""
    import os
    import sys

    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def _open(url: str) -> None:
    """Open ``url`` in the user's browser (no error when there is none: the URL is printed)."""
    import webbrowser

    try:
        webbrowser.get().open(url)
    except webbrowser.Error:
        pass
