#!/usr/bin/env python3
"""tests/httpd.py: a loopback HTTP server for the ingest tests.

    python3 tests/httpd.py [LIFETIME-SECONDS [PORTS]] > port 2> log &

Binds 127.0.0.1 on a free port (or PORTS free ports, each a host to a
crawler), prints each port on a line of stdout, logs one line per request
("GET /path Host User-Agent", then "AT PORT SECONDS /path" with the
monotonic arrival time) on stderr, and exits by itself after LIFETIME
seconds (default 90) so that nothing is left running.
Requests whose Host is "localhost" get a robots.txt that fails (503); for
127.0.0.1 robots.txt disallows /private.  No route touches the network.

Hostile robots.txt, by Host NAME.localhost (curl resolves *.localhost to
loopback without DNS): bigcl (over 512 KiB with Content-Length; its
first lines disallow /private, a line cut at 512 KiB would allow
/private, and past 600 KiB it disallows /page?late), bigchunked (the same,
chunked), stall (no answer for 15 s), reset (the connection reset before
a status line), loop (redirects to itself), tofile (redirects to
file:///etc/passwd), nolocation (302 without Location), gone (404).

/retry-after?VALUE answers 503 with "Retry-After: VALUE" (VALUE
percent-decoded).  /slow-redirect/N answers after 2 s, redirecting to
N-1 and, from 0, to /page.

/auth answers the page only with Basic credentials "us er" : "p@ss:w rd",
else 401, and logs "AUTH PORT /auth none|right|wrong".  /to?X redirects to X
(percent-decoded to bytes, so a Location can hold any byte).

/site/ is a small site to capture with wget -r -p (tests/cli/captures.t):
an index linking three articles (a line common to all four pages, for
the repetition across a host's pages), a feed and a 204; each page uses
/site/style.css and /site/logo.png.

Conditional GET: /cond/etag/NAME sends an ETag, /cond/lm/NAME a
Last-Modified, /cond/both/NAME both; each answers 304 when the request's
If-None-Match (or, without one, If-Modified-Since) matches the current
version, and logs "COND /path inm=... ims=..." for each conditional
request.  GET /bump/NAME makes a new version of NAME's page.
Each connection logs "OPEN PORT SECONDS" and, once the client closed
it, "CLOSE PORT SECONDS".
"""
import base64
import gzip
import os
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

PAGE = (b"<!DOCTYPE html><html><head><title>Loopback page</title></head>"
        b"<body><article><h1>Loopback page</h1><p>The quick brown fox jumps "
        b"over the lazy dog, again and again, for the tests.</p></article>"
        b"</body></html>\n")
ROBOTS = (b"# for the ingest tests\n"
          b"User-agent: *\nDisallow: /private\nAllow: /private/ok\n\n"
          b"User-agent: otherbot\nDisallow: /\n\n"
          b"User-agent: slowbot\nCrawl-delay: 1\nDisallow: /private\n")
ROBOTS_CAP = 512 * 1024


def big_robots():
    """Over 512 KiB of robots.txt: a rule in the first lines, a line that
    the cap cuts to "Allow: /private" (which would win the tie), and a
    rule past 600 KiB."""
    head = b"User-agent: *\nDisallow: /private\n"
    pad = b"# " + b"x" * 77 + b"\n"
    body = head + pad * ((ROBOTS_CAP - len(head)) // len(pad) - 1)
    cut = b"Allow: /private"
    body += b"#" * (ROBOTS_CAP - len(cut) - len(body) - 1) + b"\n" + cut
    assert len(body) == ROBOTS_CAP
    body += b"-archive/\n"
    while len(body) < 600 * 1024:
        body += pad
    return body + b"Disallow: /page?late\n"


ROBOTS_BIG = big_robots()
CP1252 = ("<html><body><p>Caf\u00e9 cr\u00e8me \u2013 \u201cquoted\u201d"
          "</p></body></html>\n").encode("cp1252")
ETAG = '"v1"'
SITE_LINE = "The Loopback Gazette prints every page of this site for the capture tests."
SITE_WORDS = ("Rain came early to the valley this year, and the river rose over "
              "the old stone bridge before the farmers had brought in the hay. "
              "Article %s tells how the village kept its stores dry, who carried "
              "the sacks up the hill to the church, and what the miller said "
              "when the water reached his door.")


def site_page(name):
    """An article of /site/ (or the index, name "index"): its own text,
    the line every page shares, links to the others."""
    links = "".join('<li><a href="/site/a/%d.html">Article %d</a></li>' % (i, i)
                    for i in (1, 2, 3))
    if name == "index":
        links += ('<li><a href="/site/feed.xml">Feed</a></li>'
                  '<li><a href="/site/ping">Ping</a></li>')
    return ("<!DOCTYPE html><html><head><title>Gazette %s</title>"
            '<link rel="stylesheet" href="/site/style.css"></head><body>'
            '<nav><ul>%s</ul></nav><article><h1>Gazette %s</h1>'
            '<img src="/site/logo.png" alt="">'
            "<p>%s</p><p>%s</p><p>%s</p></article></body></html>\n" % (
                name, links, name, SITE_WORDS % name,
                SITE_WORDS.replace("Rain", "Snow") % name, SITE_LINE)).encode()


SITE = {
    "/site/": ("text/html; charset=utf-8", site_page("index")),
    "/site/a/1.html": ("text/html; charset=utf-8", site_page("1")),
    "/site/a/2.html": ("text/html; charset=utf-8", site_page("2")),
    "/site/a/3.html": ("text/html; charset=utf-8", site_page("3")),
    "/site/style.css": ("text/css", b"body { margin: 0 auto; max-width: 40em }\n"),
    "/site/logo.png": ("image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
    "/site/feed.xml": ("application/rss+xml", b'<?xml version="1.0"?><rss '
                       b'version="2.0"><channel><title>Gazette</title>'
                       b"</channel></rss>\n"),
}
versions = {}           # /cond/ NAME -> version, 1 until bumped

seen = {}               # path with query -> requests so far
seen_lock = threading.Lock()


def count(key):
    with seen_lock:
        seen[key] = seen.get(key, 0) + 1
        return seen[key]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    # OPEN and CLOSE of each connection, with the monotonic time: whether
    # a crawler keeps a connection it will not use again.
    def setup(self):
        super().setup()
        sys.stderr.write("OPEN %d %.6f\n" % (self.server.server_address[1],
                                             time.monotonic()))
        sys.stderr.flush()

    def finish(self):
        super().finish()
        sys.stderr.write("CLOSE %d %.6f\n" % (self.server.server_address[1],
                                              time.monotonic()))
        sys.stderr.flush()

    def send(self, status, body=b"", ctype="text/html", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for name, value in headers:
            self.send_header(name, value)
        if not any(n.lower() == "content-length" for n, _ in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, to, status=302):
        self.send(status, b"moved\n", "text/plain", [("Location", to)])

    def do_GET(self):
        host = (self.headers.get("Host") or "").split(":")[0]
        sys.stderr.write("GET %s %s %s\nAT %d %.6f %s\n" % (
            self.path, host, self.headers.get("User-Agent"),
            self.server.server_address[1], time.monotonic(), self.path))
        sys.stderr.flush()
        path, _, query = self.path.partition("?")
        route = ROUTES.get(path)
        if route is None and path.startswith("/redirect/"):
            route = Handler.r_redirect
        if route is None and path.startswith("/slow-redirect/"):
            route = Handler.r_slow_redirect
        if route is None and path.startswith("/cond/"):
            route = Handler.r_cond
        if route is None and path.startswith("/bump/"):
            route = Handler.r_bump
        if route is None and path.startswith("/site/"):
            route = Handler.r_site
        if route is None and path.startswith("/private"):
            route = Handler.r_page
        if route is None:
            self.send(404, b"not found\n", "text/plain")
            return
        route(self, host, path, query)

    def r_robots(self, host, path, query):
        name = host[:-len(".localhost")] if host.endswith(".localhost") else ""
        if host == "localhost":
            self.send(503, b"busy\n", "text/plain")
        elif name in ROBOTS_BY_NAME:
            ROBOTS_BY_NAME[name](self)
        else:
            self.send(200, ROBOTS, "text/plain")

    def robots_bigcl(self):
        self.send(200, ROBOTS_BIG, "text/plain")

    def robots_bigchunked(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for i in range(0, len(ROBOTS_BIG), 10000):
                chunk = ROBOTS_BIG[i:i + 10000]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            self.close_connection = True

    def robots_stall(self):
        time.sleep(15)
        self.close_connection = True

    def robots_reset(self):
        # SO_LINGER 0: close sends RST, before any status line.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                   struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def robots_loop(self):
        self.redirect("/robots.txt", 301)

    def robots_tofile(self):
        self.redirect("file:///etc/passwd")

    def robots_nolocation(self):
        self.send(302, b"moved, but where?\n", "text/plain")

    def robots_gone(self):
        self.send(404, b"not found\n", "text/plain")

    def r_page(self, host, path, query):
        self.send(200, PAGE, "text/html; charset=utf-8", [("ETag", ETAG)])

    def r_redirect(self, host, path, query):
        n = int(path.rsplit("/", 1)[1] or 0)
        self.redirect("/redirect/%d" % (n - 1) if n > 0 else "/page")

    def r_slow_redirect(self, host, path, query):
        time.sleep(2)
        n = int(path.rsplit("/", 1)[1] or 0)
        try:
            self.redirect("/slow-redirect/%d" % (n - 1) if n > 0 else "/page")
        except OSError:
            self.close_connection = True

    def r_retry_after(self, host, path, query):
        self.send(503, b"busy\n", "text/plain",
                  [("Retry-After", unquote(query))])

    def r_to_file(self, host, path, query):
        self.redirect("file:///etc/passwd")

    def r_loop(self, host, path, query):
        self.redirect("/loop", 301)

    def r_flaky(self, host, path, query):
        if count(self.path) == 1:
            self.send(429, b"slow down\n", "text/plain", [("Retry-After", "1")])
        else:
            self.r_page(host, path, query)

    def r_always500(self, host, path, query):
        self.send(500, b"broken\n", "text/plain")

    def r_gzip(self, host, path, query):
        body = gzip.compress(PAGE)
        if "gzip" not in (self.headers.get("Accept-Encoding") or ""):
            body = PAGE
            self.send(200, body)
            return
        self.send(200, body, "text/html", [("Content-Encoding", "gzip")])

    def r_big(self, host, path, query):
        self.send(200, b"<p>" + b"x" * (2 << 20) + b"</p>\n")

    def r_big_stream(self, host, path, query):
        # No Content-Length: the size is known only as it arrives.
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            for _ in range(64):
                self.wfile.write(b"y" * 65536)
        except OSError:
            pass

    def r_stall(self, host, path, query):
        time.sleep(15)
        try:
            self.r_page(host, path, query)
        except OSError:
            pass

    def r_stall_once(self, host, path, query):
        # The first request hangs (a run to kill mid-fetch); later ones do not.
        if count(self.path) == 1:
            time.sleep(15)
        try:
            self.r_page(host, path, query)
        except OSError:
            pass

    def r_cp1252(self, host, path, query):
        self.send(200, CP1252, "text/html; charset=windows-1252")

    def r_etag(self, host, path, query):
        if self.headers.get("If-None-Match") == ETAG:
            self.send_response(304)
            self.send_header("ETag", ETAG)
            self.end_headers()
        else:
            self.r_page(host, path, query)

    def r_cond(self, host, path, query):
        kind, _, name = path[len("/cond/"):].partition("/")
        with seen_lock:
            v = versions.get(name, 1)
        etag = '"%s-%d"' % (name, v)
        lastmod = "Mon, 0%d Jun 2025 10:00:00 GMT" % v
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm or ims:
            sys.stderr.write("COND %s inm=%s ims=%s\n" % (path, inm, ims))
            sys.stderr.flush()
        headers = []
        if kind in ("etag", "both"):
            headers.append(("ETag", etag))
        if kind in ("lm", "both"):
            headers.append(("Last-Modified", lastmod))
        same = inm == etag if inm else ims == lastmod and kind != "etag"
        if same:
            self.send_response(304)
            for n, val in headers:
                self.send_header(n, val)
            self.end_headers()
            return
        body = ("<html><head><title>%s</title></head><body><article>"
                "<h1>Page %s</h1><p>This is version %d of the page called "
                "%s, written for the conditional requests test.</p>"
                "</article></body></html>\n" % (name, name, v, name))
        self.send(200, body.encode(), "text/html; charset=utf-8", headers)

    def r_auth(self, host, path, query):
        # Basic auth of user "us er" with password "p@ss:w rd".
        want = "Basic " + base64.b64encode(b"us er:p@ss:w rd").decode()
        got = self.headers.get("Authorization")
        sys.stderr.write("AUTH %d %s %s\n" % (
            self.server.server_address[1], path, "none" if got is None else
                         "right" if got == want else "wrong"))
        sys.stderr.flush()
        if got == want:
            self.r_page(host, path, query)
        else:
            self.send(401, b"who are you?\n", "text/plain",
                      [("WWW-Authenticate", 'Basic realm="tests"')])

    def r_to(self, host, path, query):
        # Location: the query, percent-decoded to bytes (latin-1 keeps
        # every byte as it is on the wire).
        self.redirect(unquote(query, encoding="latin-1"))

    def r_site(self, host, path, query):
        if path == "/site/ping":
            self.send_response(204)
            self.end_headers()
        elif path in SITE:
            self.send(200, SITE[path][1], SITE[path][0])
        else:
            self.send(404, b"not found\n", "text/plain")

    def r_bump(self, host, path, query):
        name = path[len("/bump/"):]
        with seen_lock:
            versions[name] = versions.get(name, 1) + 1
        self.send(200, b"bumped\n", "text/plain")


ROUTES = {
    "/robots.txt": Handler.r_robots,
    "/page": Handler.r_page,
    "/to-file": Handler.r_to_file,
    "/loop": Handler.r_loop,
    "/flaky": Handler.r_flaky,
    "/always500": Handler.r_always500,
    "/gzip": Handler.r_gzip,
    "/big": Handler.r_big,
    "/big-stream": Handler.r_big_stream,
    "/stall": Handler.r_stall,
    "/stall-once": Handler.r_stall_once,
    "/cp1252": Handler.r_cp1252,
    "/etag": Handler.r_etag,
    "/retry-after": Handler.r_retry_after,
    "/auth": Handler.r_auth,
    "/to": Handler.r_to,
}

ROBOTS_BY_NAME = {
    "bigcl": Handler.robots_bigcl,
    "bigchunked": Handler.robots_bigchunked,
    "stall": Handler.robots_stall,
    "reset": Handler.robots_reset,
    "loop": Handler.robots_loop,
    "tofile": Handler.robots_tofile,
    "nolocation": Handler.robots_nolocation,
    "gone": Handler.robots_gone,
}


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # ingest hangs up on purpose (size cap, timeout): not an error here.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def main():
    lifetime = float(sys.argv[1]) if len(sys.argv) > 1 else 90
    nports = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    servers = [Server(("127.0.0.1", 0), Handler) for _ in range(nports)]
    for server in servers:
        print(server.server_address[1])
    sys.stdout.flush()
    # Exit on time whatever the state of the threads: a test that died
    # must not leave a server behind.
    threading.Timer(lifetime, lambda: os._exit(0)).start()
    for server in servers[1:]:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    servers[0].serve_forever()


if __name__ == "__main__":
    main()
