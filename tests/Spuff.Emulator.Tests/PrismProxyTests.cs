using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Spuff.Emulator.Infrastructure;
using Spuff.Emulator.Tests.Support;
using Xunit;

namespace Spuff.Emulator.Tests;

/// <summary>
/// Runs the emulator's DigitalOcean traffic through Stoplight Prism in proxy mode against DigitalOcean's official
/// OpenAPI description. Prism forwards every request (request violations do not block without <c>--errors</c>),
/// validates the upstream response, and lists what breaks the description in an <c>sl-violations</c> header
/// (a JSON array whose items' <c>location</c> starts with "request" or "response").
/// </summary>
public sealed class PrismProxyTests : IClassFixture<PrismProxyFixture>
{
    private readonly PrismProxyFixture _fixture;

    public PrismProxyTests(PrismProxyFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task TypicalSequence_ThroughPrismProxy_HasNoViolations()
    {
        var (client, emulator) = Start("prism-token");
        using var _ = client;
        var steps = new List<Step>();

        async Task<JsonElement?> Send(string name, HttpMethod method, string path, object? body = null, HttpClient? other = null, bool requestIsInvalid = false)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null) request.Content = JsonContent.Create(body);
            using var response = await (other ?? client).SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            steps.Add(new Step(name, (int)response.StatusCode, Violations(response), requestIsInvalid));
            return text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone();
        }

        var create = await Send("create droplet", HttpMethod.Post, "droplets", new
        {
            name = "web-1", region = "nyc3", size = "s-1vcpu-1gb", image = "ubuntu-24-04-x64",
            ssh_keys = new object[] { 289794, "6d:1a:0e:53:9e:2c:7b:41:aa:58:c0:11:be:2d:73:90" },
            tags = new[] { "managed-by:spuff", "spuff-name:web-1" }, ipv6 = true, monitoring = true,
            user_data = "#cloud-config\nruncmd:\n  - touch /ok\n",
        });
        var id = create!.Value.GetProperty("droplet").GetProperty("id").GetInt64();
        var createAction = create.Value.GetProperty("links").GetProperty("actions")[0].GetProperty("id").GetInt64();
        await Send("get new droplet", HttpMethod.Get, $"droplets/{id}");
        await Send("create second droplet", HttpMethod.Post, "droplets", new { name = "web-2", region = "fra1", size = "s-2vcpu-4gb", image = "debian-12-x64", tags = new[] { "managed-by:spuff" } });
        await Send("create third droplet", HttpMethod.Post, "droplets", new { name = "web-3", region = "ams3", size = "s-1vcpu-2gb", image = 155000002, tags = new[] { "managed-by:spuff" } });
        await Send("create several droplets", HttpMethod.Post, "droplets", new { names = new[] { "m-1", "m-2" }, region = "sfo3", size = "s-1vcpu-1gb", image = "ubuntu-22-04-x64" });
        await WaitAsync(() => emulator.DigitalOcean.GetDropletStatus(id) == "active");
        await Send("get active droplet", HttpMethod.Get, $"droplets/{id}");
        await Send("get create action", HttpMethod.Get, $"actions/{createAction}");
        await Send("list by tag, page 1", HttpMethod.Get, "droplets?tag_name=managed-by:spuff&per_page=2");
        await Send("list by tag, page 2", HttpMethod.Get, "droplets?tag_name=managed-by:spuff&per_page=2&page=2");
        await Send("list all", HttpMethod.Get, "droplets?per_page=200");

        var snapshot = await Send("snapshot action", HttpMethod.Post, $"droplets/{id}/actions", new { type = "snapshot", name = "spuff-web-1" });
        var actionId = snapshot!.Value.GetProperty("action").GetProperty("id").GetInt64();
        await Send("poll action in progress", HttpMethod.Get, $"actions/{actionId}");
        await WaitAsync(() => emulator.DigitalOcean.SnapshotIds.Count == 1);
        await Send("poll action completed", HttpMethod.Get, $"actions/{actionId}");
        var snapshots = await Send("list snapshots", HttpMethod.Get, "snapshots?resource_type=droplet&per_page=20&page=1");
        var snapshotId = snapshots!.Value.GetProperty("snapshots")[0].GetProperty("id").GetString()!;
        await Send("get snapshot", HttpMethod.Get, $"snapshots/{snapshotId}");
        await Send("list droplet snapshots", HttpMethod.Get, $"droplets/{id}/snapshots");
        await Send("get image by id", HttpMethod.Get, $"images/{snapshotId}");
        await Send("get image by slug", HttpMethod.Get, "images/ubuntu-24-04-x64");
        await Send("create tag", HttpMethod.Post, "tags", new { name = "managed-by:spuff" });
        await Send("tag snapshot", HttpMethod.Post, "tags/managed-by:spuff/resources", new { resources = new[] { new { resource_id = snapshotId, resource_type = "image" } } });
        await Send("list private images by tag", HttpMethod.Get, "images?private=true&tag_name=managed-by:spuff");
        await Send("list distribution images, paged", HttpMethod.Get, "images?type=distribution&per_page=2&page=1");
        await Send("list all images", HttpMethod.Get, "images");
        await Send("create droplet from snapshot", HttpMethod.Post, "droplets", new { name = "restored", region = "nyc3", size = "s-1vcpu-1gb", image = long.Parse(snapshotId, System.Globalization.CultureInfo.InvariantCulture) });
        await Send("list ssh keys", HttpMethod.Get, "account/keys");
        await Send("list regions", HttpMethod.Get, "regions?per_page=2&page=2");
        await Send("list sizes", HttpMethod.Get, "sizes");
        await Send("delete snapshot", HttpMethod.Delete, $"snapshots/{snapshotId}");
        await Send("delete droplets by tag", HttpMethod.Delete, "droplets?tag_name=spuff-name:web-1-gone");
        await Send("delete unknown image (404)", HttpMethod.Delete, "images/1");
        await Send("get deleted snapshot (404)", HttpMethod.Get, $"snapshots/{snapshotId}");
        await Send("delete droplet", HttpMethod.Delete, $"droplets/{id}");
        await Send("get deleted droplet (404)", HttpMethod.Get, $"droplets/{id}");
        await Send("delete deleted droplet (404)", HttpMethod.Delete, $"droplets/{id}");
        await Send("unknown action (404)", HttpMethod.Get, "actions/1");
        await Send("invalid name (422)", HttpMethod.Post, "droplets", new { name = "not valid!", region = "nyc3", size = "s-1vcpu-1gb", image = "ubuntu-24-04-x64" }, requestIsInvalid: true);
        await Send("unknown region (422)", HttpMethod.Post, "droplets", new { name = "ok", region = "mars1", size = "s-1vcpu-1gb", image = "ubuntu-24-04-x64" });
        await Send("unsupported action (422)", HttpMethod.Post, "droplets/510000002/actions", new { type = "reboot" });

        using (var anonymous = new HttpClient { BaseAddress = _fixture.ProxyEndpoint })
        {
            await Send("no token (401)", HttpMethod.Get, "droplets", other: anonymous, requestIsInvalid: true);
        }

        using (var forbidden = ProxyClient("forbidden-token"))
        {
            await Send("forbidden token (403)", HttpMethod.Get, "droplets", other: forbidden);
        }

        emulator.AddFault(new FaultRule { Method = "GET", PathPrefix = "/v2/droplets", Status = 429, RetryAfterSeconds = 1 });
        await Send("injected 429", HttpMethod.Get, "droplets");
        emulator.AddFault(new FaultRule { Method = "POST", PathPrefix = "/v2/droplets", Status = 500 });
        await Send("injected 500", HttpMethod.Post, "droplets", new { name = "x", region = "nyc3", size = "s-1vcpu-1gb", image = "ubuntu-24-04-x64" });

        var expectedStatuses = new Dictionary<string, int>
        {
            ["create droplet"] = 202, ["snapshot action"] = 201, ["tag snapshot"] = 204, ["delete droplet"] = 204,
            ["get deleted droplet (404)"] = 404, ["invalid name (422)"] = 422, ["no token (401)"] = 401,
            ["forbidden token (403)"] = 403, ["injected 429"] = 429, ["injected 500"] = 500,
        };
        var problems = new List<string>();
        foreach (var step in steps)
        {
            if (expectedStatuses.TryGetValue(step.Name, out var expected) && expected != step.Status)
            {
                problems.Add($"{step.Name}: status {step.Status}, expected {expected}");
            }

            // Requests the test sends on purpose against the description may carry request violations; nothing else may.
            var relevant = step.Violations.Where(v => !step.RequestIsInvalid || v.Location != "request").ToList();
            problems.AddRange(relevant.Select(v => $"{step.Name} ({step.Status}): {v.Location}: {v.Message}"));
        }

        Assert.True(problems.Count == 0, "Prism reported:\n" + string.Join("\n", problems));
        Assert.True(steps.Count >= 35, $"only {steps.Count} steps ran");
        Assert.Contains(steps, s => s.RequestIsInvalid && s.Violations.Any(v => v.Location == "request"));
    }

    [Fact]
    public async Task WrongResponse_ThroughPrismProxy_IsReportedAsResponseViolation()
    {
        var (client, emulator) = Start("prism-token-2");
        using var _ = client;

        // A 200 carrying an error body instead of {regions, links, meta}: the check must catch it.
        emulator.AddFault(new FaultRule { Method = "GET", PathPrefix = "/v2/regions", Status = 200 });
        using var wrong = await client.GetAsync("regions");
        using var right = await client.GetAsync("regions");

        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var violations = Violations(wrong);
        Assert.Contains(violations, v => v.Location == "response" && v.Message.Contains("regions", StringComparison.Ordinal));
        Assert.Empty(Violations(right));
    }

    private (HttpClient Client, EmulatorServer Emulator) Start(string token)
    {
        Assert.True(_fixture.StartError is null, _fixture.StartError);
        return (ProxyClient(token), _fixture.Emulator!);
    }

    private HttpClient ProxyClient(string token)
    {
        var client = new HttpClient { BaseAddress = _fixture.ProxyEndpoint, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the emulator did not reach the expected state");
            await Task.Delay(25);
        }
    }

    private static List<Violation> Violations(HttpResponseMessage response)
    {
        var result = new List<Violation>();
        if (!response.Headers.TryGetValues("sl-violations", out var values)) return result;
        foreach (var value in values)
        {
            using var document = JsonDocument.Parse(value);
            foreach (var item in document.RootElement.EnumerateArray())
            {
                var location = item.GetProperty("location").EnumerateArray().Select(l => l.ToString()).ToArray();
                result.Add(new Violation(location.FirstOrDefault() ?? string.Empty, string.Join('.', location) + " " + item.GetProperty("message").GetString()));
            }
        }

        return result;
    }

    private sealed record Violation(string Location, string Message);

    private sealed record Step(string Name, int Status, IReadOnlyList<Violation> Violations, bool RequestIsInvalid);
}
