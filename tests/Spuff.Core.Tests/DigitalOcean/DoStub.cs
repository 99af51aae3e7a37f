using System.Text.Json;
using Spuff.Core;
using Spuff.Core.Tests.Support;
using Spuff.Providers.DigitalOcean;
using Spuff.Providers.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Spuff.Core.Tests.DigitalOcean;

/// <summary>A WireMock server on 127.0.0.1 speaking DigitalOcean, and a provider pointed at it with tiny delays.</summary>
public sealed class DoStub : IDisposable
{
    public const string Token = "dop_v1_SECRET_TOKEN_never_log_me";

    public DoStub()
    {
        Server = WireMockServer.Start(new WireMockServerSettings { Urls = new[] { $"http://127.0.0.1:{FreePort.Next()}" } });

        // A create first looks for a Spuff droplet of the same name: by default there is none.
        Reply(Path("droplets").WithParam("name", new WireMock.Matchers.RegexMatcher(".+")), 200, new { droplets = new object[0], links = new { }, meta = new { total = 0 } }, priority: 100);

        // A snapshot marks its droplet first and a snapshot listing or delete looks for marked droplets: by default
        // tagging works and no droplet is marked.
        Reply(Path("droplets").WithParam("tag_name", "spuff-snapshot-pending"), 200, new { droplets = new object[0], links = new { }, meta = new { total = 0 } }, priority: 100);
        Reply(Path("tags", "POST"), 201, new { tag = new { name = "x" } }, priority: 100);
        Server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/v2/tags/*/resources")).UsingMethod("POST", "DELETE")).AtPriority(100).RespondWith(Json(204));
    }

    public WireMockServer Server { get; }

    public CapturingLog Log { get; } = new();

    public string Root => Server.Urls[0] + "/v2";

    public ProviderTimeouts Timeouts { get; set; } = new(
        instanceReady: TimeSpan.FromSeconds(5),
        actionComplete: TimeSpan.FromSeconds(5),
        pollInterval: TimeSpan.FromMilliseconds(20),
        httpRequest: TimeSpan.FromSeconds(10),
        createVisibility: TimeSpan.FromMilliseconds(300));

    public DigitalOceanProvider Provider(Action<HttpPipelineSettings>? configure = null) =>
        DigitalOceanFactory.Create(
            new ProviderOptions { Token = Token, Endpoint = new Uri(Root + "/"), Timeouts = Timeouts, Log = Log },
            settings =>
            {
                settings.Retry = new RetrySettings { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20) };
                configure?.Invoke(settings);
            });

    public IRequestBuilder Path(string path, string method = "GET") =>
        Request.Create().WithPath("/v2/" + path.TrimStart('/')).UsingMethod(method);

    public void Reply(IRequestBuilder request, int status, object? body = null, IDictionary<string, string>? headers = null, int priority = 10) =>
        Server.Given(request).AtPriority(priority).RespondWith(Json(status, body, headers));

    public static IResponseBuilder Json(int status, object? body = null, IDictionary<string, string>? headers = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("x-request-id", "req-" + status);
        if (body != null)
        {
            response = response.WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body));
        }

        foreach (var header in headers ?? new Dictionary<string, string>())
        {
            response = response.WithHeader(header.Key, header.Value);
        }

        return response;
    }

    public static object Error(string id, string message) => new { id, message, request_id = "body-req-" + id };

    public static object Droplet(long id, string status = "active", string? ip = "203.0.113.10", string name = "dev-1", params string[] tags) => new
    {
        id,
        name,
        status,
        created_at = "2026-11-26T10:00:00Z",
        size_slug = "s-1vcpu-1gb",
        region = new { slug = "nyc3", name = "New York 3" },
        image = new { id = 1, slug = "ubuntu-24-04-x64", name = "24.04 (LTS) x64" },
        networks = new
        {
            v4 = ip == null
                ? new object[] { new { ip_address = "10.0.0.5", type = "private" } }
                : new object[] { new { ip_address = "10.0.0.5", type = "private" }, new { ip_address = ip, type = "public" } },
        },
        tags = tags.Length == 0 ? new[] { "managed-by:spuff" } : tags,
    };

    public void SshKeys(params long[] ids) =>
        Reply(Path("account/keys"), 200, new
        {
            ssh_keys = ids.Select(i => new { id = i, fingerprint = $"aa:bb:{i}", name = "key" + i, public_key = "ssh-ed25519 AAAA" }).ToArray(),
            links = new { },
            meta = new { total = ids.Length },
        });

    public IReadOnlyList<WireMock.Logging.ILogEntry> Requests(string? pathContains = null, string? method = null) =>
        Server.LogEntries
            .Where(e => pathContains == null || e.RequestMessage.Path.Contains(pathContains))
            .Where(e => method == null || string.Equals(e.RequestMessage.Method, method, StringComparison.OrdinalIgnoreCase))
            .ToList();

    public void Dispose() => Server.Stop();
}
