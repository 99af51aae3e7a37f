using System.Collections.Concurrent;
using System.Text.Json;
using Spuff.Core;
using Spuff.Providers.Hetzner;
using Spuff.Providers.Http;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Spuff.Core.Tests.Hetzner;

/// <summary>A WireMock.Net stand-in for api.hetzner.cloud/v1 on a free loopback port, with JSON builders.</summary>
public sealed class HetznerStub : IDisposable
{
    public const string Token = "hc-test-token-6f1d2c3b4a5e";

    public HetznerStub()
    {
        Server = WireMockServer.Start(new WireMockServerSettings { Urls = new[] { "http://127.0.0.1:0" } });
    }

    public WireMockServer Server { get; }

    public Uri Endpoint => new(Server.Url!.TrimEnd('/') + "/v1/");

    public RecordingLog Log { get; } = new();

    public static ProviderTimeouts FastTimeouts { get; } = new(
        instanceReady: TimeSpan.FromSeconds(3),
        actionComplete: TimeSpan.FromSeconds(3),
        pollInterval: TimeSpan.FromMilliseconds(30),
        httpRequest: TimeSpan.FromSeconds(5),
        createVisibility: TimeSpan.FromMilliseconds(300));

    internal HttpPipelineSettings Settings(ProviderTimeouts? timeouts = null)
    {
        var settings = HetznerFactory.CreateSettings(new ProviderOptions
        {
            Token = Token,
            Endpoint = Endpoint,
            Timeouts = timeouts ?? FastTimeouts,
            Log = Log,
        });
        settings.Retry = new RetrySettings
        {
            MaxRetries = 3,
            BaseDelay = TimeSpan.FromMilliseconds(1),
            MaxDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryAfter = TimeSpan.FromSeconds(5),
        };
        return settings;
    }

    internal HetznerProvider Provider(ProviderTimeouts? timeouts = null) => new(Settings(timeouts));

    public IRequestBuilder Path(string path, string method = "GET") =>
        Request.Create().WithPath("/v1/" + path.TrimStart('/')).UsingMethod(method);

    public void Json(IRequestBuilder request, int status, object body, params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body));
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        Server.Given(request).RespondWith(response);
    }

    public void Error(IRequestBuilder request, int status, string code, string message, object? details = null, params (string Name, string Value)[] headers) =>
        Json(request, status, new { error = new { code, message, details } }, headers);

    public IReadOnlyList<ILogEntry> Requests(string path, string method) =>
        Server.LogEntries.Where(e => e.RequestMessage.Path == "/v1/" + path.TrimStart('/') && e.RequestMessage.Method == method).ToList();

    public int RequestCount => Server.LogEntries.Count();

    public static object ServerJson(long id, string name = "web-1", string status = "running", string? ipv4 = "203.0.113.10", IDictionary<string, string>? labels = null) => new
    {
        id,
        name,
        status,
        created = "2026-11-26T10:00:00+00:00",
        public_net = new
        {
            ipv4 = ipv4 == null ? null : new { id = 1, ip = ipv4, blocked = false, dns_ptr = "static.example" },
            ipv6 = new { id = 2, ip = "2001:db8::/64", blocked = false, dns_ptr = Array.Empty<object>() },
            floating_ips = Array.Empty<long>(),
        },
        server_type = new { id = 1, name = "cx23", description = "CX23" },
        datacenter = new { id = 4, name = "fsn1-dc14", location = new { id = 1, name = "fsn1" } },
        location = new { id = 1, name = "fsn1" },
        image = new { id = 161547269, type = "system", name = "ubuntu-24.04", description = "Ubuntu 24.04" },
        labels = labels ?? new Dictionary<string, string> { ["managed-by"] = "spuff" },
    };

    public static object Page(long page, long? next, long? last = null, long? total = null) => new
    {
        pagination = new { page, per_page = 50, previous_page = page > 1 ? page - 1 : (long?)null, next_page = next, last_page = last, total_entries = total },
    };

    public static object ImageJson(long id, string description, string status = "available", long? createdFrom = 42) => new
    {
        id,
        type = "snapshot",
        status,
        name = (string?)null,
        description,
        image_size = 1.25,
        disk_size = 40,
        created = "2026-11-26T11:00:00+00:00",
        created_from = createdFrom == null ? null : new { id = createdFrom, name = "web-1" },
        labels = new Dictionary<string, string> { ["managed-by"] = "spuff", ["spuff-source-instance"] = "42" },
    };

    public static object ActionJson(long id, string status, string command = "create_image", object? error = null) => new
    {
        id,
        command,
        status,
        progress = status == "success" ? 100 : 50,
        started = "2026-11-26T11:00:00+00:00",
        finished = (string?)null,
        resources = Array.Empty<object>(),
        error,
    };

    public void Dispose() => Server.Stop();
}

/// <summary>Collects what a provider logs, so tests can check that no token leaks into it.</summary>
public sealed class RecordingLog : IProviderLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines.ToArray();

    public void Write(ProviderLogLevel level, string message) => _lines.Enqueue($"{level}: {message}");
}
