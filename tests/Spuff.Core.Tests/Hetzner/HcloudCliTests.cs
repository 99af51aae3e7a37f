using System.Diagnostics;
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
    private const string InstallHint = "The hcloud CLI is not installed: apt-get install -y hcloud-cli (or set SPUFF_HCLOUD to the hcloud binary).";

    private readonly HetznerEmulatorFixture _emulator;
    private readonly string _home = Path.Combine(Path.GetTempPath(), "spuff-hcloud-" + Guid.NewGuid().ToString("N")[..8]);

    public HcloudCliTests(HetznerEmulatorFixture emulator)
    {
        _emulator = emulator;
        Directory.CreateDirectory(_home);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

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
        var output = await RunAsync(expectSuccess: false, token: "bad-token", "server", "list");
        Assert.Contains("unable to authenticate", output);
        Assert.Contains("unauthorized", output);
    }

    private Task<string> RunAsync(params string[] args) => RunAsync(expectSuccess: true, token: HetznerEmulatorFixture.Token, args);

    private async Task<string> RunAsync(bool expectSuccess, string token, params string[] args)
    {
        var info = new ProcessStartInfo(FindHcloud())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--poll-interval", "100ms" }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var variable in new[] { "HCLOUD_CONTEXT", "HCLOUD_DEBUG", "HCLOUD_DEBUG_FILE" })
        {
            info.Environment.Remove(variable);
        }

        info.Environment["HCLOUD_CONFIG"] = Path.Combine(_home, "cli.toml");
        info.Environment["HCLOUD_ENDPOINT"] = _emulator.Endpoint.AbsoluteUri.TrimEnd('/');
        info.Environment["HCLOUD_TOKEN"] = token;
        info.Environment["HOME"] = _home;

        using var process = Process.Start(info) ?? throw new InvalidOperationException("hcloud did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"hcloud {string.Join(' ', args)} did not finish within 60 s");
        }

        var output = await stdout + await stderr;
        if (expectSuccess)
        {
            Assert.True(process.ExitCode == 0, $"hcloud {string.Join(' ', args)} exited with {process.ExitCode}: {output}");
        }
        else
        {
            Assert.NotEqual(0, process.ExitCode);
        }

        return output;
    }

    private static string FindHcloud()
    {
        var configured = Environment.GetEnvironmentVariable("SPUFF_HCLOUD");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : throw new Xunit.Sdk.XunitException($"SPUFF_HCLOUD points at {configured}, which does not exist. {InstallHint}");
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "hcloud");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new Xunit.Sdk.XunitException(InstallHint);
    }
}
