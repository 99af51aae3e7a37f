using System.Formats.Tar;
using System.Text;
using Spuff.Core;
using Spuff.Providers;
using Spuff.Providers.Docker;
using Xunit;

namespace Spuff.Core.Tests.Docker;

/// <summary>What the Docker provider decides without an engine: validation, mapping, the unreachable engine.</summary>
public sealed class DockerOfflineTests
{
    // A socket path that cannot exist: every call to it fails to connect.
    private static readonly Uri NoEngine = new Uri($"unix:///tmp/spuff-no-engine-{Guid.NewGuid():N}/docker.sock");

    private static IProvider Offline() =>
        new DockerFactory().Create(new ProviderOptions { Endpoint = NoEngine, Timeouts = DockerEngineFixture.FastTimeouts });

    [Fact]
    public async Task AnyCall_EngineUnreachable_ThrowsNetworkWithHowToStartOne()
    {
        var provider = Offline();
        var error = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var _ in provider.ListInstancesAsync())
            {
            }
        });
        Assert.Equal(ProviderErrorKind.Network, error.Kind);
        Assert.Equal("docker", error.Provider);
        Assert.Contains(NoEngine.OriginalString, error.Message);
        Assert.Contains("systemctl start docker", error.Message);
        Assert.Contains("Docker Desktop", error.Message);
        Assert.Contains("DOCKER_HOST", error.Message);

        var create = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateInstanceAsync(new InstanceRequest("dev-box")));
        Assert.Equal(ProviderErrorKind.Network, create.Kind);
        var get = await Assert.ThrowsAsync<ProviderException>(() => provider.GetInstanceAsync("dev-box"));
        Assert.Equal(ProviderErrorKind.Network, get.Kind);
    }

    [Fact]
    public void Create_WithToken_ThrowsInvalidConfigToken()
    {
        var error = Assert.Throws<ProviderException>(() => new DockerFactory().Create(new ProviderOptions { Token = "abc", Endpoint = NoEngine }));
        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("Token", error.Field);
        Assert.Contains("Docker takes no token", error.Message);
        Assert.DoesNotContain("abc", error.Message);
    }

    [Theory]
    [InlineData("tcp://10.1.2.3:2375")]
    [InlineData("ssh://me@host")]
    [InlineData("ftp://x/y")]
    [InlineData("unix://")]
    public void Create_UnusableEndpoint_ThrowsInvalidConfig(string endpoint)
    {
        var error = Assert.Throws<ProviderException>(() => DockerEndpoint.Validate(endpoint, "Endpoint"));
        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
    }

    [Theory]
    [InlineData("unix:///var/run/docker.sock", "unix:///var/run/docker.sock")]
    [InlineData("/run/user/1000/podman/podman.sock", "unix:///run/user/1000/podman/podman.sock")]
    [InlineData("npipe://./pipe/docker_engine", "npipe://./pipe/docker_engine")]
    [InlineData("tcp://127.0.0.1:2375", "tcp://127.0.0.1:2375")]
    public void Validate_LocalEndpoint_IsAccepted(string endpoint, string expected)
    {
        Assert.Equal(new Uri(expected), DockerEndpoint.Validate(endpoint, "Endpoint"));
    }

    [Fact]
    public void Registry_WithDefaults_DockerAndLocalAreImplementedWithSnapshots()
    {
        var registry = ProviderRegistry.WithDefaults();
        Assert.Contains(ProviderType.Docker, registry.ImplementedProviders());
        Assert.True(registry.GetFactory(ProviderType.Docker)!.SupportsSnapshots);
        var provider = registry.CreateByName("local", new ProviderOptions { Endpoint = NoEngine });
        Assert.Equal("docker", provider.Name);
        Assert.True(provider.SupportsSnapshots);
    }

    [Theory]
    [InlineData("-leading-dash", "Name")]
    [InlineData("x", "Name")]
    [InlineData("has space", "Name")]
    public async Task CreateInstance_BadName_ThrowsInvalidConfigBeforeAnyCall(string name, string field)
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => Offline().CreateInstanceAsync(new InstanceRequest(name)));
        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public async Task CreateInstance_InvalidInputs_FailBeforeAnyCall()
    {
        var provider = Offline();
        async Task<ProviderException> Fails(InstanceRequest request) =>
            await Assert.ThrowsAsync<ProviderException>(() => provider.CreateInstanceAsync(request));

        Assert.Equal("Region", (await Fails(new InstanceRequest("dev-box", "nyc3", null))).Field);
        Assert.Equal("Size", (await Fails(new InstanceRequest("dev-box", null, "s-1vcpu-1gb"))).Field);
        Assert.Equal("Size", (await Fails(new InstanceRequest("dev-box", null, "1cpu-1mb"))).Field);
        Assert.Equal("Label", (await Fails(new InstanceRequest("dev-box").WithLabel("managed-by", "me"))).Field);
        Assert.Equal("Label", (await Fails(new InstanceRequest("dev-box").WithLabel("spuff.name", "x"))).Field);
        Assert.Equal("Label", (await Fails(new InstanceRequest("dev-box").WithLabel("a=b", "x"))).Field);
        Assert.Equal("UserData", (await Fails(new InstanceRequest("dev-box").WithUserData("#!/bin/sh\n" + new string('x', 2 * 1024 * 1024)))).Field);
        Assert.Equal("Image", (await Fails(new InstanceRequest("dev-box").WithImage(ImageSpec.Custom("has space")))).Field);

        var cloudConfig = await Fails(new InstanceRequest("dev-box").WithUserData("#cloud-config\nruncmd: [ls]\n"));
        Assert.Equal(ProviderErrorKind.NotSupported, cloudConfig.Kind);
        var plain = await Fails(new InstanceRequest("dev-box").WithUserData("echo hi"));
        Assert.Equal(ProviderErrorKind.NotSupported, plain.Kind);

        // "local" is the one region there is; it passes validation and reaches the (absent) engine.
        Assert.Equal(ProviderErrorKind.Network, (await Fails(new InstanceRequest("dev-box", "local", "none"))).Kind);
    }

    [Fact]
    public void Create_OptionsRegionNotLocal_ThrowsInvalidConfigRegion()
    {
        var error = Assert.Throws<ProviderException>(() => new DockerFactory().Create(new ProviderOptions { Region = "fra1", Endpoint = NoEngine }));
        Assert.Equal("Region", error.Field);
    }

    [Theory]
    [InlineData("created", InstanceStatusKind.New)]
    [InlineData("restarting", InstanceStatusKind.New)]
    [InlineData("running", InstanceStatusKind.Active)]
    [InlineData("paused", InstanceStatusKind.Off)]
    [InlineData("exited", InstanceStatusKind.Off)]
    [InlineData("dead", InstanceStatusKind.Off)]
    [InlineData("removing", InstanceStatusKind.Archive)]
    [InlineData("frozen", InstanceStatusKind.Unknown)]
    public void StatusMap_EngineState_MapsToKindKeepingRaw(string state, InstanceStatusKind kind)
    {
        var status = DockerStatusMap.Map(state);
        Assert.Equal(kind, status.Kind);
        Assert.Equal(state, status.Raw);
    }

    [Theory]
    [InlineData(null, "none", 0L, 0L)]
    [InlineData("none", "none", 0L, 0L)]
    [InlineData("1cpu-1gb", "1cpu-1gb", 1_000_000_000L, 1073741824L)]
    [InlineData("0.5CPU-512MB", "0.5cpu-512mb", 500_000_000L, 536870912L)]
    [InlineData("2cpu-4gb", "2cpu-4gb", 2_000_000_000L, 4294967296L)]
    public void Size_Parse_GivesLimits(string? text, string name, long nanoCpus, long memory)
    {
        var size = DockerSize.Parse(text);
        Assert.Equal(name, size.Name);
        Assert.Equal(nanoCpus, size.NanoCpus);
        Assert.Equal(memory, size.MemoryBytes);
    }

    [Theory]
    [InlineData("# DB_PASSWORD=hunter2\necho hi\n", "starting with '#'")]
    [InlineData("#include https://user:hunter2@example.test/seed\n", "#include")]
    [InlineData("#cloud-boothook\necho hunter2\n", "#cloud-boothook")]
    public async Task CreateInstance_UserDataNotAScript_MessageNamesTheFormatButQuotesNoUserData(string userData, string named)
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => Offline().CreateInstanceAsync(new InstanceRequest("dev-box").WithUserData(userData)));

        Assert.Equal(ProviderErrorKind.NotSupported, error.Kind);
        Assert.Contains(named, error.Message);
        Assert.DoesNotContain("hunter2", error.ToString());
    }

    [Fact]
    public async Task CreateInstance_NameWithTrailingLineBreak_IsInvalidConfigBeforeAnyCall()
    {
        // .NET's $ also matches before a final line break; the engine is absent, so reaching it would be Network.
        var error = await Assert.ThrowsAsync<ProviderException>(() => Offline().CreateInstanceAsync(new InstanceRequest("dev-box\n")));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("Name", error.Field);
    }

    [Theory]
    [InlineData(typeof(IOException))]
    [InlineData(typeof(ObjectDisposedException))]
    [InlineData(typeof(HttpRequestException))]
    public async Task EngineCall_CancelledAndTheStreamBreaks_IsCancellationNotNetwork(Type thrown)
    {
        // Cancelling a call whose stream is being written or read can surface as the stream's failure.
        using var engine = new DockerEngine(NoEngine, new ProviderOptions());
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.CallAsync<bool>(
            "PUT",
            "/containers/x/archive",
            (_, _) =>
            {
                cancel.Cancel();
                throw (Exception)Activator.CreateInstance(thrown, "aborted")!;
            },
            cancel.Token));
    }

    [Theory]
    [InlineData("1cpu-99999999999999999999gb")]
    [InlineData("99999999999999999999999999999cpu-1gb")]
    [InlineData("\u0661cpu-\u0661gb")]
    public async Task CreateInstance_SizeNumberTooLongOrNotAsciiDigits_IsInvalidConfigSize(string size)
    {
        // Overflowing or non-ASCII digits used to escape as OverflowException / FormatException.
        var error = await Assert.ThrowsAsync<ProviderException>(() => Offline().CreateInstanceAsync(new InstanceRequest("dev-box", null, size)));
        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("Size", error.Field);
    }

    [Theory]
    [InlineData("ubuntu-24.04", "ubuntu:24.04")]
    [InlineData("debian-12", "debian:12")]
    [InlineData("alpine:3.20", "alpine:3.20")]
    [InlineData("ghcr.io/me/dev:latest", "ghcr.io/me/dev:latest")]
    public void ImageReference_FromSpec_MapsReleasesAndPassesCustomThrough(string image, string expected)
    {
        Assert.Equal(expected, DockerImageReference.FromSpec(ImageSpec.Parse(image)));
    }

    [Theory]
    [InlineData("ubuntu:24.04", "ubuntu", "24.04")]
    [InlineData("ubuntu", "ubuntu", "latest")]
    [InlineData("localhost:5000/dev", "localhost:5000/dev", "latest")]
    [InlineData("localhost:5000/dev:1", "localhost:5000/dev", "1")]
    [InlineData("debian@sha256:abc", "debian@sha256:abc", null)]
    public void ImageReference_ForPull_SplitsTagAndNeverPullsAllTags(string reference, string fromImage, string? tag)
    {
        Assert.Equal((fromImage, tag), DockerImageReference.ForPull(reference));
    }

    [Theory]
    [InlineData("nightly", "nightly")]
    [InlineData("my snapshot/1", "my-snapshot-1")]
    [InlineData(".hidden", "_.hidden")]
    public void SnapshotTag_Sanitises(string name, string tag)
    {
        Assert.Equal(tag, DockerImageReference.SnapshotTag(name));
    }

    [Fact]
    public void UserDataArchive_IsAValidTarWithAnExecutableScriptAndMarker()
    {
        var script = Encoding.UTF8.GetBytes("#!/bin/sh\necho hi\n");
        using var archive = DockerUserData.BuildArchive(script, DateTimeOffset.UtcNow);
        using var reader = new TarReader(archive);
        var entries = new Dictionary<string, TarEntry>();
        while (reader.GetNextEntry(copyData: true) is TarEntry entry)
        {
            entries[entry.Name] = entry;
        }

        var file = entries["var/lib/spuff/user-data"];
        Assert.Equal(TarEntryType.RegularFile, file.EntryType);
        Assert.True(file.Mode.HasFlag(UnixFileMode.UserExecute));
        using var content = new StreamReader(file.DataStream!);
        Assert.Equal("#!/bin/sh\necho hi\n", content.ReadToEnd());
        Assert.True(entries.ContainsKey("var/lib/spuff/user-data.pending"));
        Assert.False(entries.ContainsKey("var/"));
    }

    [Theory]
    [InlineData(400, ProviderErrorKind.InvalidConfig)]
    [InlineData(401, ProviderErrorKind.Authentication)]
    [InlineData(403, ProviderErrorKind.Authentication)]
    [InlineData(404, ProviderErrorKind.NotFound)]
    [InlineData(409, ProviderErrorKind.InvalidConfig)]
    [InlineData(500, ProviderErrorKind.Api)]
    [InlineData(503, ProviderErrorKind.Api)]
    public void FromApi_EngineStatus_MapsToKindKeepingEngineMessage(int status, ProviderErrorKind kind)
    {
        var api = new global::Docker.DotNet.DockerApiException((System.Net.HttpStatusCode)status, "{\"message\":\"the engine's words\"}");
        var error = DockerErrors.FromApi(api, "GET /x");
        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal("docker", error.Provider);
        Assert.Contains("the engine's words", error.Message);
    }

    [Fact]
    public void MessageOf_NotJson_IsTheBodyItself()
    {
        var api = new global::Docker.DotNet.DockerApiException(System.Net.HttpStatusCode.BadGateway, "  proxy says no  ");
        Assert.Equal("proxy says no", DockerErrors.MessageOf(api));
    }

    [Fact]
    public async Task GetSshKeys_IsEmptyWithoutAnyCall()
    {
        Assert.Empty(await Offline().GetSshKeysAsync());
    }
}
