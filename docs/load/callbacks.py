# Prepares N single-use callback URLs against `appcreds serve --demo`: N flows started over the API,
# each authorized at the demo provider (login + consent); prints the callback paths, one a line.
import json, re, sys, urllib.request, urllib.parse, html
base, token, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k): return None
opener = urllib.request.build_opener(NoRedirect)
def call(method, url, data=None, headers={}):
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try: r = opener.open(req)
    except urllib.error.HTTPError as e: r = e
    return r.status, r.headers, r.read().decode()
def hidden(page):
    return [(html.unescape(a), html.unescape(b)) for a, b in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', page)]
for _ in range(n):
    _, _, body = call("POST", base + "/api/flows", json.dumps({"domain": "demo"}).encode(),
                      {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    step = json.loads(body)
    _, _, page = call("GET", step["authorize_url"])
    form = hidden(page) + [("username", "demo"), ("password", "demo")]
    _, _, page = call("POST", base + "/demo/oauth/login", urllib.parse.urlencode(form).encode())
    form = hidden(page) + [("decision", "allow")]
    _, headers, _ = call("POST", base + "/demo/oauth/consent", urllib.parse.urlencode(form).encode())
    print(urllib.parse.urlsplit(headers["Location"])._replace(scheme="", netloc="").geturl())
