using System.Globalization;
using System.Text.Json;

// ASP0016 misreads the inner Func<Task<IResult>> handed to Handle as the route's RequestDelegate; the delegate
// each route gets is Handle's own non-generic Task, which writes the result itself.
#pragma warning disable ASP0016

namespace Spuff.Emulator.DigitalOcean;

/// <summary>The DigitalOcean v2 routes the emulator serves. Handlers parse, call <see cref="DigitalOceanState"/>
/// and shape the answer; errors raised as <see cref="DigitalOceanApiException"/> become DigitalOcean errors.</summary>
internal static class DigitalOceanEndpoints
{
    public static void MapDigitalOcean(this WebApplication app, DigitalOceanApi api)
    {
        var state = api.State;
        var v2 = app.MapGroup("/v2");

        v2.MapPost("/droplets", (HttpContext c) => Handle(api, c, async () =>
        {
            var request = DropletCreateRequest.Parse(await ReadBodyAsync(c));
            var (droplets, actions) = state.CreateDroplets(request);
            var links = new Dictionary<string, object>
            {
                ["actions"] = actions.Select(a => new DoActionLink(a.ActionId, "create", ActionHref(c, a.ActionId))).ToArray(),
            };
            object body = request.IsMulti
                ? new Dictionary<string, object> { ["droplets"] = droplets, ["links"] = links }
                : new Dictionary<string, object> { ["droplet"] = droplets[0], ["links"] = links };
            return Json(body, StatusCodes.Status202Accepted);
        }));

        v2.MapGet("/droplets", (HttpContext c) => Handle(api, c, () =>
        {
            var body = Query(c, "type") switch
            {
                null or "droplets" => state.ListDroplets(Query(c, "tag_name"), Query(c, "name"), all => DigitalOceanPaging.Page(c.Request, "droplets", all)),
                "gpus" => DigitalOceanPaging.Page(c.Request, "droplets", Array.Empty<DoDroplet>()),
                _ => throw DigitalOceanApiException.BadRequest("type must be droplets or gpus"),
            };
            return Task.FromResult(Json(body));
        }));

        v2.MapGet("/droplets/{droplet_id}", (HttpContext c, string droplet_id) => Handle(api, c, () =>
            Task.FromResult(Json(new Dictionary<string, object> { ["droplet"] = state.GetDroplet(Id(droplet_id)) }))));

        v2.MapDelete("/droplets/{droplet_id}", (HttpContext c, string droplet_id) => Handle(api, c, () =>
        {
            state.DeleteDroplet(Id(droplet_id));
            return Task.FromResult(Results.NoContent());
        }));

        v2.MapDelete("/droplets", (HttpContext c) => Handle(api, c, () =>
        {
            var tag = Query(c, "tag_name") ?? throw DigitalOceanApiException.Unprocessable("tag_name is required to delete droplets by tag");
            state.DeleteDropletsByTag(tag);
            c.Response.ContentType = "application/json; charset=utf-8";
            return Task.FromResult(Results.StatusCode(StatusCodes.Status204NoContent));
        }));

        v2.MapGet("/droplets/{droplet_id}/snapshots", (HttpContext c, string droplet_id) => Handle(api, c, () =>
            Task.FromResult(Json(DigitalOceanPaging.Page(c.Request, "snapshots", state.ListDropletSnapshots(Id(droplet_id)))))));

        v2.MapGet("/droplets/{droplet_id}/actions", (HttpContext c, string droplet_id) => Handle(api, c, () =>
            Task.FromResult(Json(DigitalOceanPaging.Page(c.Request, "actions", state.ListDropletActions(Id(droplet_id)))))));

        v2.MapPost("/droplets/{droplet_id}/actions", (HttpContext c, string droplet_id) => Handle(api, c, async () =>
        {
            var id = Id(droplet_id);
            var body = await ReadBodyAsync(c);
            if (body.ValueKind != JsonValueKind.Object) throw DigitalOceanApiException.Unprocessable("the request body must be a JSON object");
            if (!body.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                throw DigitalOceanApiException.Unprocessable("type is required");
            }

            var type = typeElement.GetString();
            if (type != "snapshot")
            {
                state.GetDroplet(id); // 404 first for a droplet that does not exist
                throw DigitalOceanApiException.Unprocessable($"type '{type}' is not supported by the emulator; only 'snapshot' is");
            }

            string? name = null;
            if (body.TryGetProperty("name", out var nameElement) && nameElement.ValueKind != JsonValueKind.Null)
            {
                if (nameElement.ValueKind != JsonValueKind.String) throw DigitalOceanApiException.Unprocessable("name must be a string");
                name = nameElement.GetString();
            }

            var action = state.CreateSnapshotAction(id, name);
            return Json(new Dictionary<string, object> { ["action"] = action }, StatusCodes.Status201Created);
        }));

        v2.MapGet("/actions/{action_id}", (HttpContext c, string action_id) => Handle(api, c, () =>
            Task.FromResult(Json(new Dictionary<string, object> { ["action"] = state.GetAction(Id(action_id)) }))));

        v2.MapGet("/snapshots", (HttpContext c) => Handle(api, c, () =>
        {
            var resourceType = Query(c, "resource_type");
            if (resourceType is not (null or "droplet" or "volume")) throw DigitalOceanApiException.BadRequest("resource_type must be droplet or volume");
            return Task.FromResult(Json(DigitalOceanPaging.Page(c.Request, "snapshots", state.ListSnapshots(resourceType))));
        }));

        v2.MapGet("/snapshots/{snapshot_id}", (HttpContext c, string snapshot_id) => Handle(api, c, () =>
            Task.FromResult(Json(new Dictionary<string, object> { ["snapshot"] = state.GetSnapshot(snapshot_id) }))));

        v2.MapDelete("/snapshots/{snapshot_id}", (HttpContext c, string snapshot_id) => Handle(api, c, () =>
        {
            state.DeleteSnapshot(snapshot_id);
            return Task.FromResult(Results.NoContent());
        }));

        v2.MapGet("/images", (HttpContext c) => Handle(api, c, () =>
        {
            var type = Query(c, "type");
            if (type is not (null or "distribution" or "application")) throw DigitalOceanApiException.BadRequest("type must be distribution or application");
            bool? isPrivate = Query(c, "private") switch
            {
                null => null,
                "true" => true,
                "false" => false,
                _ => throw DigitalOceanApiException.BadRequest("private must be true or false"),
            };
            return Task.FromResult(Json(DigitalOceanPaging.Page(c.Request, "images", state.ListImages(type, isPrivate, Query(c, "tag_name")))));
        }));

        v2.MapGet("/images/{image_id}", (HttpContext c, string image_id) => Handle(api, c, () =>
            Task.FromResult(Json(new Dictionary<string, object> { ["image"] = state.GetImage(image_id) }))));

        v2.MapDelete("/images/{image_id}", (HttpContext c, string image_id) => Handle(api, c, () =>
        {
            state.DeleteImage(Id(image_id));
            return Task.FromResult(Results.NoContent());
        }));

        v2.MapPost("/tags", (HttpContext c) => Handle(api, c, async () =>
        {
            var body = await ReadBodyAsync(c);
            if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
            {
                throw DigitalOceanApiException.Unprocessable("name is required");
            }

            var name = nameElement.GetString()!;
            if (!DropletCreateRequest.IsValidTag(name)) throw DigitalOceanApiException.Unprocessable($"name '{name}' is not a valid tag name");
            return Json(new Dictionary<string, object> { ["tag"] = state.CreateTag(name) }, StatusCodes.Status201Created);
        }));

        v2.MapPost("/tags/{tag_id}/resources", (HttpContext c, string tag_id) => Handle(api, c, async () =>
        {
            if (!DropletCreateRequest.IsValidTag(tag_id)) throw DigitalOceanApiException.Unprocessable($"tag '{tag_id}' is not a valid tag name");
            state.TagResources(tag_id, await ReadTagResourcesAsync(c));
            return Results.NoContent();
        }));

        v2.MapDelete("/tags/{tag_id}/resources", (HttpContext c, string tag_id) => Handle(api, c, async () =>
        {
            if (!DropletCreateRequest.IsValidTag(tag_id)) throw DigitalOceanApiException.Unprocessable($"tag '{tag_id}' is not a valid tag name");
            state.UntagResources(tag_id, await ReadTagResourcesAsync(c));
            return Results.NoContent();
        }));

        v2.MapGet("/account/keys", (HttpContext c) => Handle(api, c, () =>
            Task.FromResult(Json(DigitalOceanPaging.Page(c.Request, "ssh_keys", DigitalOceanSeed.SshKeys)))));

        v2.MapGet("/regions", (HttpContext c) => Handle(api, c, () =>
            Task.FromResult(Json(DigitalOceanPaging.Page(c.Request, "regions", DigitalOceanSeed.Regions)))));

        v2.MapGet("/sizes", (HttpContext c) => Handle(api, c, () =>
            Task.FromResult(Json(DigitalOceanPaging.Page(c.Request, "sizes", DigitalOceanSeed.Sizes)))));

        app.MapFallback("/v2/{**rest}", (HttpContext c) =>
            api.WriteErrorAsync(c, StatusCodes.Status404NotFound, "The resource you were accessing could not be found.", null));
    }

    private static async Task Handle(DigitalOceanApi api, HttpContext context, Func<Task<IResult>> handler)
    {
        IResult result;
        try
        {
            result = await handler();
        }
        catch (DigitalOceanApiException ex)
        {
            await api.WriteErrorAsync(context, ex.StatusCode, ex.Message, null);
            return;
        }

        await result.ExecuteAsync(context);
    }

    private static IResult Json(object body, int status = StatusCodes.Status200OK) =>
        Results.Json(body, DigitalOceanJson.Options, statusCode: status);

    private static string? Query(HttpContext context, string name)
    {
        var value = context.Request.Query[name].ToString();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static long Id(string raw) =>
        long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : throw DigitalOceanApiException.NotFound();

    private static string ActionHref(HttpContext context, long actionId) =>
        $"{context.Request.Scheme}://{context.Request.Host.Value}{context.Request.PathBase.Value}/v2/actions/{actionId.ToString(CultureInfo.InvariantCulture)}";

    private static async Task<IReadOnlyList<(string Type, string Id)>> ReadTagResourcesAsync(HttpContext c)
    {
        var body = await ReadBodyAsync(c);
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("resources", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            throw DigitalOceanApiException.Unprocessable("resources is required and must be a non-empty array");
        }

        var resources = new List<(string, string)>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) throw DigitalOceanApiException.Unprocessable("resources must hold objects");
            var id = item.TryGetProperty("resource_id", out var idElement) ? idElement.ValueKind switch
            {
                JsonValueKind.String => idElement.GetString(),
                JsonValueKind.Number => idElement.GetRawText(),
                _ => null,
            } : null;
            var type = item.TryGetProperty("resource_type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString() : null;
            if (string.IsNullOrEmpty(id)) throw DigitalOceanApiException.Unprocessable("resources: resource_id is required");
            if (type is not ("droplet" or "image" or "volume" or "volume_snapshot"))
            {
                throw DigitalOceanApiException.Unprocessable("resources: resource_type must be droplet, image, volume or volume_snapshot");
            }

            resources.Add((type, id));
        }

        return resources;
    }

    private static async Task<JsonElement> ReadBodyAsync(HttpContext context)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw DigitalOceanApiException.BadRequest("The request body is not valid JSON: " + ex.Message);
        }
    }
}
