"""GET /catalog: what the page builds its menus from, with the server's own caps, behind the same Host, Origin
and token checks as every route (a real server, as `nnwatch play` runs it)."""

import http.client
import json

from nnwatch.data import DATASET_NAMES
from nnwatch.live.session import LiveLimits


def get(server, path="/catalog", **headers):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    connection.request("GET", path, headers={"Host": f"127.0.0.1:{server.port}", **headers})
    answer = connection.getresponse()
    body = answer.read()
    connection.close()
    return answer.status, answer.getheader("content-type", ""), body


def test_the_catalog_is_served_with_the_server_s_limits(live_server):
    server = live_server(limits=LiveLimits(max_layers=3))
    status, kind, body = get(server)
    assert status == 200 and kind.startswith("application/json")
    catalog = json.loads(body)
    assert catalog["live_limits"]["max_layers"] == 3
    assert [d["name"] for d in catalog["datasets"]] == list(DATASET_NAMES)


def test_the_catalog_passes_the_host_origin_and_token_checks(live_server):
    server = live_server()
    assert get(server, Host=f"rebound.example:{server.port}")[0] == 403
    assert get(server, Origin="http://evil.example")[0] == 403
    assert get(server, Origin=server.origin)[0] == 200
    tokened = live_server(token="s3cret")
    assert get(tokened)[0] == 403
    assert get(tokened, "/catalog?token=s3cret")[0] == 200
