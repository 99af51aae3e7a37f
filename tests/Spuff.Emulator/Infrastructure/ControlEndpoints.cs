using System.Text.Json;

namespace Spuff.Emulator.Infrastructure;

/// <summary>The <c>/_emulator/*</c> endpoints that tests and scripts use to steer the emulator.
/// They are not part of any provider API: no auth, no latency, no faults, not logged.</summary>
internal static class ControlEndpoints
{
    public static void MapEmulatorControl(this WebApplication app, EmulatorServer server)
    {
        var group = app.MapGroup("/_emulator");

        group.MapPost("/reset", () =>
        {
            server.Reset();
            return Results.NoContent();
        });

        group.MapPost("/faults", async (HttpRequest request) =>
        {
            FaultRule? rule;
            try
            {
                rule = await JsonSerializer.DeserializeAsync<FaultRule>(request.Body, JsonSerializerOptions.Web, cancellationToken: request.HttpContext.RequestAborted);
            }
            catch (JsonException ex)
            {
                return Results.BadRequest(new { error = "invalid JSON: " + ex.Message });
            }

            if (rule is null) return Results.BadRequest(new { error = "a fault rule is required" });
            if (rule.Validate() is { } problem) return Results.BadRequest(new { error = problem });
            server.Faults.Add(rule);
            return Results.Json(rule, statusCode: StatusCodes.Status201Created);
        });

        group.MapGet("/faults", () => Results.Json(server.Faults.Pending));

        group.MapDelete("/faults", () =>
        {
            server.Faults.Clear();
            return Results.NoContent();
        });

        group.MapGet("/requests", () => Results.Json(server.Requests.Entries));

        group.MapDelete("/requests", () =>
        {
            server.Requests.Clear();
            return Results.NoContent();
        });

        group.MapPost("/digitalocean/errored-actions", async (HttpRequest request) =>
        {
            int n;
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
                if (document.RootElement.ValueKind != JsonValueKind.Object
                    || !document.RootElement.TryGetProperty("count", out var count)
                    || count.ValueKind != JsonValueKind.Number || !count.TryGetInt32(out n) || n < 0)
                {
                    return Results.BadRequest(new { error = "count must be a non-negative integer" });
                }
            }
            catch (JsonException ex)
            {
                return Results.BadRequest(new { error = "invalid JSON: " + ex.Message });
            }

            server.DigitalOcean.ErrorNextActions(n);
            return Results.NoContent();
        });

        group.MapPost("/seed", async (HttpRequest request) =>
        {
            SeedRequest? seed;
            string? problem;
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
                (seed, problem) = SeedRequest.Parse(document.RootElement);
            }
            catch (JsonException ex)
            {
                return Results.BadRequest(new { error = "invalid JSON: " + ex.Message });
            }

            if (seed is null) return Results.BadRequest(new { error = problem });
            try
            {
                // Count 0 first: both check their labels/tags, so a bad one seeds nothing anywhere.
                server.SeedHetznerServers(0, seed.HetznerLabels);
                server.SeedDigitalOceanDroplets(0, seed.DigitalOceanTags);
                var servers = server.SeedHetznerServers(seed.HetznerServers, seed.HetznerLabels);
                var droplets = server.SeedDigitalOceanDroplets(seed.DigitalOceanDroplets, seed.DigitalOceanTags);
                return Results.Json(new { hetzner = new { servers }, digitalocean = new { droplets } });
            }
            catch (ArgumentException ex)
            {
                return Results.BadRequest(new { error = ex.Message });
            }
        });

        group.MapPost("/hetzner/failed-starts", async (HttpRequest request) =>
        {
            var (n, problem) = await ReadCountAsync(request);
            if (problem is not null) return problem;
            server.Hetzner.FailNextStarts(n);
            return Results.NoContent();
        });

        group.MapGet("/config", () => Results.Json(server.CurrentConfig()));

        group.MapPost("/config", async (HttpRequest request) =>
        {
            EmulatorConfig? config;
            try
            {
                config = await JsonSerializer.DeserializeAsync<EmulatorConfig>(request.Body, JsonSerializerOptions.Web, cancellationToken: request.HttpContext.RequestAborted);
            }
            catch (JsonException ex)
            {
                return Results.BadRequest(new { error = "invalid JSON: " + ex.Message });
            }

            if (config is null) return Results.BadRequest(new { error = "a config object is required" });
            if (config.ReadyDelayMs < 0 || config.ActionDelayMs < 0 || config.LatencyMs < 0 || config.VisibilityLagMs < 0)
            {
                return Results.BadRequest(new { error = "delays must not be negative" });
            }

            if (config.PublicAddress is { Length: > 0 } address && !System.Net.IPAddress.TryParse(address, out _))
            {
                return Results.BadRequest(new { error = "publicAddress must be an IP address" });
            }

            if (config.PublicAddress is not null) server.Settings.PublicAddress = config.PublicAddress;
            server.Configure(
                config.ReadyDelayMs is { } r ? TimeSpan.FromMilliseconds(r) : null,
                config.ActionDelayMs is { } a ? TimeSpan.FromMilliseconds(a) : null,
                config.LatencyMs is { } l ? TimeSpan.FromMilliseconds(l) : null,
                config.VisibilityLagMs is { } v ? TimeSpan.FromMilliseconds(v) : null);
            return Results.Json(server.CurrentConfig());
        });
    }

    // {"count":N} with N a non-negative integer; otherwise a 400 naming what is wrong.
    private static async Task<(int Count, IResult? Problem)> ReadCountAsync(HttpRequest request)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("count", out var count)
                || count.ValueKind != JsonValueKind.Number || !count.TryGetInt32(out var n) || n < 0)
            {
                return (0, Results.BadRequest(new { error = "count must be a non-negative integer" }));
            }

            return (n, null);
        }
        catch (JsonException ex)
        {
            return (0, Results.BadRequest(new { error = "invalid JSON: " + ex.Message }));
        }
    }
}
