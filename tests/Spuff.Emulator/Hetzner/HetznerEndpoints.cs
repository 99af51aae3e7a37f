using System.Globalization;
using System.Text.Json;

// ASP0016: the inner Func<Task<IResult>> handed to Handle is not the route's RequestDelegate (see DigitalOceanEndpoints).
#pragma warning disable ASP0016

namespace Spuff.Emulator.Hetzner;

/// <summary>The Hetzner Cloud v1 routes the emulator serves (the subset Spuff and the hcloud CLI use).</summary>
internal static class HetznerEndpoints
{
    public static void MapHetzner(this WebApplication app, HetznerApi api)
    {
        var state = api.State;
        var v1 = app.MapGroup("/v1");

        v1.MapPost("/servers", (HttpContext c) => Handle(api, c, async () =>
            Json(state.CreateServer(await ReadBodyAsync(c)), StatusCodes.Status201Created)));

        v1.MapGet("/servers", (HttpContext c) => Handle(api, c, () =>
            Task.FromResult(Json(state.ListServers(Query(c, "name"), Selector(c), Many(c, "status"), all => HetznerPaging.Page(c, "servers", all))))));

        v1.MapGet("/servers/{id}", (HttpContext c, string id) => Handle(api, c, () =>
            Task.FromResult(Json(new Dictionary<string, object?> { ["server"] = state.GetServer(Id(id, "server")) }))));

        v1.MapDelete("/servers/{id}", (HttpContext c, string id) => Handle(api, c, () =>
            Task.FromResult(Json(new Dictionary<string, object?> { ["action"] = state.DeleteServer(Id(id, "server")) }))));

        v1.MapGet("/servers/{id}/actions", (HttpContext c, string id) => Handle(api, c, () =>
            Page(c, "actions", state.ListServerActions(Id(id, "server"), Many(c, "status"), Many(c, "sort")))));

        v1.MapPost("/servers/{id}/actions/create_image", (HttpContext c, string id) => Handle(api, c, async () =>
        {
            var serverId = Id(id, "server");
            var body = c.Request.ContentLength is 0 ? default : await ReadBodyAsync(c);
            return Json(state.CreateImage(serverId, body), StatusCodes.Status201Created);
        }));

        v1.MapGet("/actions", (HttpContext c) => Handle(api, c, () =>
        {
            var ids = Many(c, "id").Select(v => Id(v, "action")).ToArray();
            return Page(c, "actions", state.ListActions(ids, Many(c, "status")));
        }));

        v1.MapGet("/actions/{id}", (HttpContext c, string id) => Handle(api, c, () =>
            Task.FromResult(Json(new Dictionary<string, object?> { ["action"] = state.GetAction(Id(id, "action")) }))));

        v1.MapGet("/images", (HttpContext c) => Handle(api, c, () =>
            Page(c, "images", state.ListImages(Many(c, "type"), Many(c, "status"), Query(c, "name"), Query(c, "architecture"), Selector(c)))));

        v1.MapGet("/images/{id}", (HttpContext c, string id) => Handle(api, c, () =>
            Task.FromResult(Json(new Dictionary<string, object?> { ["image"] = state.GetImage(Id(id, "image")) }))));

        v1.MapDelete("/images/{id}", (HttpContext c, string id) => Handle(api, c, () =>
        {
            state.DeleteImage(Id(id, "image"));
            return Task.FromResult(Results.NoContent());
        }));

        v1.MapGet("/ssh_keys", (HttpContext c) => Handle(api, c, () =>
            Page(c, "ssh_keys", state.ListSshKeys(Query(c, "name"), Query(c, "fingerprint"), Selector(c)))));

        v1.MapGet("/ssh_keys/{id}", (HttpContext c, string id) => Handle(api, c, () =>
            Task.FromResult(Json(new Dictionary<string, object?> { ["ssh_key"] = state.GetSshKey(Id(id, "SSH key")) }))));

        v1.MapGet("/server_types", (HttpContext c) => Handle(api, c, () =>
        {
            var name = Query(c, "name");
            return Page(c, "server_types", HetznerSeed.ServerTypes.Where(t => name is null || t.Name == name).Select(HetznerRender.ServerType).ToArray());
        }));

        v1.MapGet("/server_types/{id}", (HttpContext c, string id) => Handle(api, c, () =>
        {
            var type = HetznerSeed.ServerTypes.FirstOrDefault(t => t.Id == Id(id, "server type")) ?? throw HetznerApiException.NotFound($"server type with ID '{id}'");
            return Task.FromResult(Json(new Dictionary<string, object?> { ["server_type"] = HetznerRender.ServerType(type) }));
        }));

        v1.MapGet("/locations", (HttpContext c) => Handle(api, c, () =>
        {
            var name = Query(c, "name");
            return Page(c, "locations", HetznerSeed.Locations.Where(l => name is null || l.Name == name).Select(HetznerRender.Location).ToArray());
        }));

        v1.MapGet("/locations/{id}", (HttpContext c, string id) => Handle(api, c, () =>
        {
            var location = HetznerSeed.Locations.FirstOrDefault(l => l.Id == Id(id, "location")) ?? throw HetznerApiException.NotFound($"location with ID '{id}'");
            return Task.FromResult(Json(new Dictionary<string, object?> { ["location"] = HetznerRender.Location(location) }));
        }));

        v1.MapGet("/datacenters", (HttpContext c) => Handle(api, c, () =>
        {
            var name = Query(c, "name");
            var body = HetznerPaging.Page(c, "datacenters", HetznerSeed.Locations.Where(l => name is null || l.Datacenter == name).Select(HetznerRender.Datacenter).ToArray());
            body["recommendation"] = HetznerSeed.Locations[0].DatacenterId;
            return Task.FromResult(Json(body));
        }));

        v1.MapGet("/datacenters/{id}", (HttpContext c, string id) => Handle(api, c, () =>
        {
            var location = HetznerSeed.Locations.FirstOrDefault(l => l.DatacenterId == Id(id, "datacenter")) ?? throw HetznerApiException.NotFound($"datacenter with ID '{id}'");
            return Task.FromResult(Json(new Dictionary<string, object?> { ["datacenter"] = HetznerRender.Datacenter(location) }));
        }));

        v1.MapFallback("/{**path}", (HttpContext c) => Handle(api, c, () =>
            throw HetznerApiException.NotFound($"{c.Request.Method} {c.Request.Path} is not served by the emulator;")));
    }

    private static async Task Handle(HetznerApi api, HttpContext context, Func<Task<IResult>> handler)
    {
        IResult result;
        try
        {
            result = await handler();
        }
        catch (HetznerApiException ex)
        {
            await api.WriteErrorAsync(context, ex.StatusCode, ex.Code, ex.Message, ex.Details);
            return;
        }

        await result.ExecuteAsync(context);
    }

    private static IResult Json(object body, int status = StatusCodes.Status200OK) =>
        Results.Json(body, HetznerApi.Json, statusCode: status);

    private static Task<IResult> Page<T>(HttpContext context, string key, IReadOnlyList<T> all) =>
        Task.FromResult(Json(HetznerPaging.Page(context, key, all)));

    private static HetznerLabelSelector Selector(HttpContext context) => HetznerLabelSelector.Parse(Query(context, "label_selector"));

    private static string? Query(HttpContext context, string name)
    {
        var value = context.Request.Query[name].ToString();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    // Array parameters may repeat (type=a&type=b); a comma-separated value is accepted too.
    private static IReadOnlyCollection<string> Many(HttpContext context, string name) =>
        context.Request.Query[name].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);

    private static long Id(string raw, string what) =>
        long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw HetznerApiException.InvalidInput("id", $"'{raw}' is not a valid {what} ID");

    private static async Task<JsonElement> ReadBodyAsync(HttpContext context)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw HetznerApiException.JsonError("invalid JSON in the request body: " + ex.Message);
        }
    }
}
