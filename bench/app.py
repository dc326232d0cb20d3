"""The trivial application every Python peer serves in bench/: GET anything -> 200 "ok".

`app` is ASGI 3 (daphne, uvicorn, hypercorn), `wsgi` is WSGI (gunicorn). Berth serves its
built-in `/`, nginx a `return 200 "ok";` location. Keep it tiny: the benchmark compares
servers, not applications.
"""

BODY = b"ok"
HEADERS = [(b"content-type", b"text/plain"), (b"content-length", b"2")]


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})


def wsgi(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [BODY]
