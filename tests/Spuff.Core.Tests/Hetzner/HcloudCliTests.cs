using System.Text.Json;
using Xunit;

namespace Spuff.Core.Tests.Hetzner;

/// <summary>
/// The emulator's faithfulness judged by a real client: the official <c>hcloud</c> CLI (Debian package
/// hcloud-cli) creates, lists, snapshots and deletes against it. The CLI runs with its own temporary config file,
/// so it never reads or writes the user's. A missing CLI fails the test with the install command.
/// </summary>
[Collection(HetznerEmulatorCollection.Name)]
public sealed class HcloudCliTests : IDisposable
{
    private readonly HetznerEmulatorFixture _emulator;
    private readonly HcloudCli _cli;

    public HcloudCliTests(HetznerEmulatorFixture emulator)
    {
        _emulator = emulator;
        _cli = new HcloudCli(emulator.Endpoint, HetznerEmulatorFixture.Token);
    }

    public void Dispose() => _cli.Dispose();

    private Task<string> RunAsync(params string[] args) => _cli.RunAsync(args);

    [Fact]
    public async Task HcloudCli_CreateListSnapshotDelete_WorksAgainstTheEmulator()
    {
        var name = "cli-" + Guid.NewGuid().ToString("N")[..8];
        var other = await _emulator.CreateRawServerAsync("cli-other-" + Guid.NewGuid().ToString("N")[..6]);

        var create = await RunAsync("server", "create", "--name", name, "--type", "cx23", "--image", "ubuntu-24.04", "--location", "fsn1", "--label", "managed-by=spuff");
        Assert.Contains($"Server ", create);
        Assert.Contains("IPv4: 203.0.", create);

        var listed = JsonDocument.Parse(await RunAsync("server", "list", "-l", "managed-by=spuff", "-o", "json")).RootElement;
        var server = Assert.Single(listed.EnumerateArray(), s => s.GetProperty("name").GetString() == name);
        Assert.Equal("spuff", server.GetProperty("labels").GetProperty("managed-by").GetString());
        Assert.DoesNotContain(listed.EnumerateArray(), s => s.GetProperty("id").GetInt64() == other);
        var serverId = server.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Spuff sees what the official CLI made, through the same label.
        var provider = _emulator.CreateProvider();
        var seen = await provider.GetInstanceAsync(serverId);
        Assert.Equal(name, seen!.Name);
        Assert.True((await provider.WaitReadyAsync(serverId)).IsReady);

        var image = await RunAsync("server", "create-image", "--type", "snapshot", "--description", name + "-snap", name);
        Assert.Contains("created from server " + serverId, image);

        var snapshots = JsonDocument.Parse(await RunAsync("image", "list", "-t", "snapshot", "-o", "json")).RootElement;
        var snapshot = Assert.Single(snapshots.EnumerateArray(), i => i.GetProperty("description").GetString() == name + "-snap");
        Assert.Equal("available", snapshot.GetProperty("status").GetString());
        var imageId = snapshot.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);

        await RunAsync("server", "delete", name);
        await RunAsync("image", "delete", imageId);

        var after = await RunAsync("server", "list", "-l", "managed-by=spuff", "-o", "json");
        Assert.DoesNotContain(name, after);
        Assert.DoesNotContain($"\"id\":{imageId}", await RunAsync("image", "list", "-t", "snapshot", "-o", "json"));
        Assert.Null(await provider.GetInstanceAsync(serverId));
    }

    [Fact]
    public async Task HcloudCli_BadToken_GetsHetznersUnauthorizedError()
    {
        _cli.Token = "bad-token";
        var output = await _cli.RunAsync(expectSuccess: false, "server", "list");
        Assert.Contains("unable to authenticate", output);
        Assert.Contains("unauthorized", output);
    }
}
