"""The console's server: static files only, the APIs' ports, and a Content-Security-Policy that lets the
page load nothing from, and send nothing to, anywhere but itself and the two APIs."""

from __future__ import annotations

from starlette.testclient import TestClient

from astratrade.settings import Settings
from console.app import create_app

SETTINGS = {
    "ASTRATRADE_ENV": "test",
    "jwt_secret": "x" * 40,
    "CLAIM_KEY": "console-claim-key-0123456789",
    "COMMAND_API_PORT": 9100,
    "QUERY_API_PORT": 9101,
}


def _client() -> TestClient:
    return TestClient(create_app(Settings(**SETTINGS)))  # type: ignore[arg-type]


def test_config_tells_the_page_the_api_ports_and_is_not_cached():
    reply = _client().get("/config.json")
    assert reply.json() == {"command_api_port": 9100, "query_api_port": 9101}
    assert reply.headers["cache-control"] == "no-store"


def test_the_page_may_load_only_its_own_files_and_connect_only_to_the_two_apis():
    reply = _client().get("/")
    assert reply.status_code == 200 and '<script type="module" src="js/main.js">' in reply.text
    policy = dict(part.strip().split(" ", 1) for part in reply.headers["content-security-policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    allowed = set(policy["connect-src"].split())
    apis = {f"http://{host}:{port}" for host in ("127.0.0.1", "localhost") for port in (9100, 9101)}
    assert allowed == {"'self'", *apis}
    assert reply.headers["x-content-type-options"] == "nosniff"


def test_the_page_references_no_other_host():
    html = _client().get("/").text
    assert "http://" not in html and "https://" not in html and "//" not in html.replace("<!--", "")


def test_a_missing_file_is_a_404_and_nothing_outside_the_static_folder_is_served():
    client = _client()
    assert client.get("/no-such-file.js").status_code == 404
    assert client.get("/../app.py").status_code == 404
    assert client.get("/%2e%2e/app.py").status_code == 404
