using System.Formats.Tar;
using System.Text.Json;
using Spuff.Core;
using Spuff.Providers.Docker;
using Xunit;

namespace Spuff.Core.Tests.Docker;

/// <summary>Docker-specific behaviour on a real engine, cross-checked with the docker CLI.</summary>
[Collection(DockerCollection.Name)]
public sealed class DockerProviderTests
{
    private readonly DockerEngineFixture _engine;

    public DockerProviderTests(DockerEngineFixture engine)
    {
        _engine = engine;
    }

    private static string UniqueName(string prefix = "dt") => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task CreateInstance_WithLabels_DockerCliSeesContainerWithOurLabelsAndRemovalRemovesIt()
    {
        var provider = _engine.CreateProvider();
        var name = UniqueName();
        var created = await provider.CreateInstanceAsync(_engine.Request(name).WithLabel("team", "dev"));
        try
        {
            var labels = JsonSerializer.Deserialize<Dictionary<string, string>>(
                await _engine.DockerOkAsync("inspect", "--format", "{{json .Config.Labels}}", created.Id))!;
            Assert.Equal("spuff", labels["managed-by"]);
            Assert.Equal(name, labels["spuff.name"]);
            Assert.Equal("dev", labels["team"]);
            Assert.Equal("/" + name, await _engine.DockerOkAsync("inspect", "--format", "{{.Name}}", created.Id));
            Assert.Equal("running", await _engine.DockerOkAsync("inspect", "--format", "{{.State.Status}}", created.Id));

            Assert.Equal("docker", created.Provider);
            Assert.Equal("local", created.Region);
            Assert.Equal("none", created.Size);
            Assert.Equal(_engine.Image, created.Image);
            Assert.Equal("dev", created.Labels["team"]);
            Assert.True(created.CreatedAt > DateTimeOffset.UtcNow.AddMinutes(-5) && created.CreatedAt < DateTimeOffset.UtcNow.AddMinutes(1));
        }
        finally
        {
            await provider.DestroyInstanceAsync(created.Id);
        }

        var (exit, _, error) = await _engine.DockerAsync("inspect", created.Id);
        Assert.NotEqual(0, exit);
        Assert.Contains("No such", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WaitReady_RunningContainer_HasItsBridgeAddress()
    {
        var provider = _engine.CreateProvider();
        var created = await provider.CreateInstanceAsync(_engine.Request(UniqueName()));
        try
        {
            var ready = await provider.WaitReadyAsync(created.Id);
            var address = await _engine.DockerOkAsync("inspect", "--format", "{{.NetworkSettings.Networks.bridge.IPAddress}}", created.Id);
            Assert.Equal(address, ready.IPAddress!.ToString());
            Assert.Equal("running", ready.GetStatus().Raw);
        }
        finally
        {
            await provider.DestroyInstanceAsync(created.Id);
        }
    }

    [Fact]
    public async Task GetInstance_ByName_FindsIt()
    {
        var provider = _engine.CreateProvider();
        var name = UniqueName();
        var created = await provider.CreateInstanceAsync(_engine.Request(name));
        try
        {
            var byName = await provider.GetInstanceAsync(name);
            Assert.NotNull(byName);
            Assert.Equal(created.Id, byName!.Id);
        }
        finally
        {
            await provider.DestroyInstanceAsync(name);
        }

        Assert.Null(await provider.GetInstanceAsync(created.Id));
    }

    [Fact]
    public async Task UnmanagedContainer_IsInvisibleAndNeverRemoved()
    {
        var provider = _engine.CreateProvider();
        var name = UniqueName("mine");
        var id = await _engine.DockerOkAsync("run", "-d", "--name", name, _engine.Image, "sleep", "600");
        try
        {
            var listed = new List<ProviderInstance>();
            await foreach (var instance in provider.ListInstancesAsync())
            {
                listed.Add(instance);
            }

            Assert.DoesNotContain(listed, i => i.Id == id);
            Assert.Null(await provider.GetInstanceAsync(id));
            Assert.Null(await provider.GetInstanceAsync(name));

            var error = await Assert.ThrowsAsync<ProviderException>(() => provider.DestroyInstanceAsync(name));
            Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
            Assert.Contains("not made by Spuff", error.Message);
            Assert.Equal("running", await _engine.DockerOkAsync("inspect", "--format", "{{.State.Status}}", id));

            var snapshot = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateSnapshotAsync(id, "nope"));
            Assert.Equal(ProviderErrorKind.NotFound, snapshot.Kind);
        }
        finally
        {
            await _engine.DockerAsync("rm", "-f", id);
        }
    }

    [Fact]
    public async Task CreateInstance_ImageMissingAndNoRegistry_ThrowsInvalidConfigNamingImage()
    {
        var provider = _engine.CreateProvider();
        var name = UniqueName();
        var request = new InstanceRequest(name).WithImage(ImageSpec.Custom("spuff-test/does-not-exist:1"));
        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateInstanceAsync(request));
        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("Image", error.Field);
        Assert.Contains("spuff-test/does-not-exist:1", error.Message);
        Assert.Contains("registry", error.Message);
        Assert.Equal(string.Empty, await _engine.DockerOkAsync("ps", "-aq", "--filter", "name=" + name));
    }

    [Fact]
    public async Task CreateInstance_NameTakenBySpuff_ThrowsAlreadyExistsWithTheContainer()
    {
        var provider = _engine.CreateProvider();
        var name = UniqueName();
        var first = await provider.CreateInstanceAsync(_engine.Request(name));
        try
        {
            var error = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateInstanceAsync(_engine.Request(name)));
            Assert.Equal(ProviderErrorKind.AlreadyExists, error.Kind);
            Assert.Equal(first.Id, error.Instance!.Id);
            Assert.Contains(name, error.Message);
            Assert.Equal(first.Id, await _engine.DockerOkAsync("ps", "-aq", "--no-trunc", "--filter", "name=^/" + name + "$"));
        }
        finally
        {
            await provider.DestroyInstanceAsync(first.Id);
        }
    }

    [Fact]
    public async Task CreateInstance_ShellScriptUserData_RunsOnceEvenAfterRestart()
    {
        var provider = _engine.CreateProvider();
        var script = "#!/bin/sh\necho ran >> /tmp/spuff-ran\necho hello from user data\n";
        var created = await provider.CreateInstanceAsync(_engine.Request(UniqueName()).WithUserData(script));
        try
        {
            await provider.WaitReadyAsync(created.Id);
            Assert.Equal("ran", await WaitForFileAsync(created.Id, "/tmp/spuff-ran"));
            Assert.Equal("hello from user data", await WaitForFileAsync(created.Id, "/var/log/spuff-user-data.log"));
            Assert.Equal(script.Replace("\r\n", "\n").TrimEnd(), await _engine.DockerOkAsync("exec", created.Id, "cat", "/var/lib/spuff/user-data"));

            await _engine.DockerOkAsync("restart", "-t", "1", created.Id);
            await provider.WaitReadyAsync(created.Id);
            await Task.Delay(300);
            Assert.Equal("ran", await _engine.DockerOkAsync("exec", created.Id, "cat", "/tmp/spuff-ran"));
        }
        finally
        {
            await provider.DestroyInstanceAsync(created.Id);
        }
    }

    [Fact]
    public async Task CreateInstance_CloudConfig_ThrowsNotSupportedAndCreatesNothing()
    {
        var provider = _engine.CreateProvider();
        var name = UniqueName();
        var request = _engine.Request(name).WithUserData("#cloud-config\npackages: [git]\n");
        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateInstanceAsync(request));
        Assert.Equal(ProviderErrorKind.NotSupported, error.Kind);
        Assert.Contains("cloud-config", error.Message);
        Assert.Equal(string.Empty, await _engine.DockerOkAsync("ps", "-aq", "--filter", "name=" + name));
    }

    [Fact]
    public async Task CreateInstance_Size_SetsLimitsTheEngineReports()
    {
        var provider = _engine.CreateProvider();
        var request = _engine.Request(UniqueName());
        request.Size = "1cpu-256mb";
        var created = await provider.CreateInstanceAsync(request);
        try
        {
            Assert.Equal("1cpu-256mb", created.Size);
            Assert.Equal("1000000000 268435456", await _engine.DockerOkAsync("inspect", "--format", "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}", created.Id));
            var listed = new List<ProviderInstance>();
            await foreach (var instance in provider.ListInstancesAsync())
            {
                listed.Add(instance);
            }

            Assert.Equal("1cpu-256mb", listed.Single(i => i.Id == created.Id).Size);
        }
        finally
        {
            await provider.DestroyInstanceAsync(created.Id);
        }
    }

    [Fact]
    public async Task Snapshot_CommittedImage_CarriesLabelsAndDeleteWhileInUseNamesTheContainer()
    {
        var provider = _engine.CreateProvider();
        var source = await provider.CreateInstanceAsync(_engine.Request(UniqueName()));
        ProviderInstance? restored = null;
        Snapshot? snapshot = null;
        try
        {
            await _engine.DockerOkAsync("exec", source.Id, "sh", "-c", "echo kept > /root/state");
            snapshot = await provider.CreateSnapshotAsync(source.Id, "my snapshot/1");
            Assert.Equal("my snapshot/1", snapshot.Name);
            Assert.Equal(source.Id, snapshot.SourceInstanceId);
            Assert.StartsWith("sha256:", snapshot.Id);

            var labels = JsonSerializer.Deserialize<Dictionary<string, string>>(
                await _engine.DockerOkAsync("image", "inspect", "--format", "{{json .Config.Labels}}", snapshot.Id))!;
            Assert.Equal("spuff", labels["managed-by"]);
            Assert.Equal("my snapshot/1", labels["spuff.snapshot-name"]);
            Assert.Equal(source.Id, labels["spuff.source-instance"]);
            Assert.Contains("spuff-snapshot:my-snapshot-1", await _engine.DockerOkAsync("image", "inspect", "--format", "{{json .RepoTags}}", snapshot.Id));

            var restoredName = UniqueName("restored");
            restored = await provider.CreateInstanceAsync(new InstanceRequest(restoredName).WithImage(snapshot.ToImageSpec()));
            await provider.WaitReadyAsync(restored.Id);
            Assert.Equal("kept", await _engine.DockerOkAsync("exec", restored.Id, "cat", "/root/state"));

            // Started by hand from the snapshot, a container inherits its labels, but is still not Spuff's.
            var byHand = await _engine.DockerOkAsync("run", "-d", snapshot.Id);
            await foreach (var instance in provider.ListInstancesAsync())
            {
                Assert.NotEqual(byHand, instance.Id);
            }

            Assert.Null(await provider.GetInstanceAsync(byHand));
            await _engine.DockerOkAsync("rm", "-f", byHand);

            var error = await Assert.ThrowsAsync<ProviderException>(() => provider.DeleteSnapshotAsync(snapshot.Id));
            Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
            Assert.Contains(restoredName, error.Message);
            Assert.Contains("Remove-SpuffInstance", error.Message);
            Assert.Equal(0, (await _engine.DockerAsync("image", "inspect", snapshot.Id)).Exit);
        }
        finally
        {
            if (restored != null)
            {
                await provider.DestroyInstanceAsync(restored.Id);
            }

            await provider.DestroyInstanceAsync(source.Id);
            if (snapshot != null)
            {
                await provider.DeleteSnapshotAsync(snapshot.Id);
            }
        }

        Assert.NotEqual(0, (await _engine.DockerAsync("image", "inspect", snapshot!.Id)).Exit);
    }

    [Fact]
    public async Task DeleteSnapshot_ImageNotMadeBySpuff_ThrowsInvalidConfigAndKeepsIt()
    {
        var provider = _engine.CreateProvider();
        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.DeleteSnapshotAsync(_engine.Image));
        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Contains("not a Spuff snapshot", error.Message);
        Assert.Equal(0, (await _engine.DockerAsync("image", "inspect", _engine.Image)).Exit);
    }

    [Fact]
    public async Task CreateInstance_FromMissingSnapshot_ThrowsInvalidConfigImage()
    {
        var provider = _engine.CreateProvider();
        var request = new InstanceRequest(UniqueName()).WithImage(ImageSpec.Snapshot("sha256:" + new string('1', 64)));
        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateInstanceAsync(request));
        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("Image", error.Field);
    }

    [Fact]
    public async Task WaitReady_ContainerStoppedOutsideSpuff_FailsFastInsteadOfTimingOut()
    {
        var provider = _engine.CreateProvider();
        var created = await provider.CreateInstanceAsync(_engine.Request(UniqueName()));
        try
        {
            await _engine.DockerOkAsync("stop", "-t", "1", created.Id);
            var stopped = await provider.GetInstanceAsync(created.Id);
            Assert.Equal(InstanceStatusKind.Off, stopped!.GetStatus().Kind);
            Assert.Null(stopped.IPAddress);

            var watch = System.Diagnostics.Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<ProviderException>(() => provider.WaitReadyAsync(created.Id));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
            Assert.Contains("docker start", error.Message);
        }
        finally
        {
            await provider.DestroyInstanceAsync(created.Id);
        }
    }

    [Fact]
    public async Task GetInstance_PausedContainer_IsOff()
    {
        var provider = _engine.CreateProvider();
        var created = await provider.CreateInstanceAsync(_engine.Request(UniqueName()));
        try
        {
            await _engine.DockerOkAsync("pause", created.Id);
            var paused = await provider.GetInstanceAsync(created.Id);
            Assert.Equal(InstanceStatusKind.Off, paused!.GetStatus().Kind);
            Assert.Equal("paused", paused.GetStatus().Raw);
        }
        finally
        {
            await provider.DestroyInstanceAsync(created.Id);
        }
    }

    [Fact]
    public async Task Catalog_ListsLocalRegionSizePresetsAndLocalImages()
    {
        var provider = _engine.CreateProvider();
        Assert.Equal(new[] { "local" }, (await provider.ListRegionsAsync()).Select(r => r.Name));
        var sizes = (await provider.ListSizesAsync()).Select(s => s.Name).ToArray();
        Assert.Contains("none", sizes);
        Assert.Contains("1cpu-1gb", sizes);
        Assert.Contains(_engine.Image, (await provider.ListImagesAsync()).Select(i => i.Name));
        Assert.Empty(await provider.GetSshKeysAsync());
    }

    [Fact]
    public async Task ListInstances_Filter_AsksTheEngineForTheLabelsAndChecksThemLocally()
    {
        var log = new RecordingLog();
        var provider = _engine.CreateProvider(log);
        var team = UniqueName("team");
        var wanted = await provider.CreateInstanceAsync(_engine.Request(UniqueName()).WithLabel("team", team));
        var other = await provider.CreateInstanceAsync(_engine.Request(UniqueName()).WithLabel("team", team + "-x"));
        try
        {
            var filter = ListFilter.ForLabels(new Dictionary<string, string> { ["team"] = team });
            var listed = new List<ProviderInstance>();
            await foreach (var instance in provider.ListInstancesAsync(filter))
            {
                listed.Add(instance);
            }

            Assert.Equal(wanted.Id, Assert.Single(listed).Id);
            Assert.Contains(log.Lines, l => l.Message.StartsWith("docker GET /containers/json?all=true&filters=label=managed-by=spuff,label=team=" + team + " ", StringComparison.Ordinal));
        }
        finally
        {
            await provider.DestroyInstanceAsync(wanted.Id);
            await provider.DestroyInstanceAsync(other.Id);
        }
    }

    [Fact]
    public async Task ListSnapshots_Filter_AsksTheEngineForTheLabels()
    {
        var log = new RecordingLog();
        var provider = _engine.CreateProvider(log);
        var team = UniqueName("team");
        var source = await provider.CreateInstanceAsync(_engine.Request(UniqueName()).WithLabel("team", team));
        Snapshot? snapshot = null;
        try
        {
            snapshot = await provider.CreateSnapshotAsync(source.Id, UniqueName("snap"));

            var mine = new List<Snapshot>();
            await foreach (var s in provider.ListSnapshotsAsync(ListFilter.ForLabels(new Dictionary<string, string> { ["team"] = team })))
            {
                mine.Add(s);
            }

            var none = new List<Snapshot>();
            await foreach (var s in provider.ListSnapshotsAsync(ListFilter.ForLabels(new Dictionary<string, string> { ["team"] = team + "-x" })))
            {
                none.Add(s);
            }

            Assert.Equal(snapshot.Id, Assert.Single(mine).Id);
            Assert.Empty(none);
            Assert.Contains(log.Lines, l => l.Message.StartsWith("docker GET /images/json?filters=label=managed-by=spuff,label=spuff.snapshot-name,label=team=" + team + " ", StringComparison.Ordinal));
        }
        finally
        {
            await provider.DestroyInstanceAsync(source.Id);
            if (snapshot != null)
            {
                await provider.DeleteSnapshotAsync(snapshot.Id);
            }
        }
    }

    [Fact]
    public async Task Calls_AreLoggedOneVerboseLinePerCall_WithoutUserData()
    {
        var log = new RecordingLog();
        var provider = _engine.CreateProvider(log);
        var created = await provider.CreateInstanceAsync(_engine.Request(UniqueName()).WithUserData("#!/bin/sh\necho secret-value\n"));
        await provider.DestroyInstanceAsync(created.Id);
        Assert.Contains(log.Lines, l => l.Level == ProviderLogLevel.Verbose && l.Message.StartsWith("docker POST /containers/create", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Message.Contains("/start -> ok", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Message.Contains("secret-value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateInstance_OtherNetworkSetting_UsesThatNetworksAddress()
    {
        var network = UniqueName("net");
        await _engine.DockerOkAsync("network", "create", network);
        var provider = _engine.CreateProvider(settings: new Dictionary<string, string> { ["Network"] = network });
        try
        {
            var created = await provider.CreateInstanceAsync(_engine.Request(UniqueName()));
            try
            {
                var ready = await provider.WaitReadyAsync(created.Id);
                var address = await _engine.DockerOkAsync("inspect", "--format", "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}", created.Id);
                Assert.Equal(address, ready.IPAddress!.ToString());
            }
            finally
            {
                await provider.DestroyInstanceAsync(created.Id);
            }
        }
        finally
        {
            await _engine.DockerAsync("network", "rm", network);
        }
    }

    [Fact]
    public async Task CreateInstance_CancelledAfterTheContainerWasCreated_RemovesIt()
    {
        using var cts = new CancellationTokenSource();
        var log = new RecordingLog(line =>
        {
            if (line.StartsWith("docker POST /containers/create", StringComparison.Ordinal) && line.Contains("-> ok", StringComparison.Ordinal))
            {
                cts.Cancel();
            }
        });
        var provider = _engine.CreateProvider(log);
        var name = UniqueName();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.CreateInstanceAsync(_engine.Request(name), cts.Token));
        Assert.Contains(log.Lines, l => l.Message.StartsWith("docker DELETE /containers/", StringComparison.Ordinal));
        Assert.Equal(string.Empty, await _engine.DockerOkAsync("ps", "-aq", "--filter", "name=" + name));
    }

    [Fact]
    public async Task CreateInstance_ImageWithoutShell_StartFailsNamesImageAndLeavesNoContainer()
    {
        var image = "spuff-test/no-shell:" + Guid.NewGuid().ToString("N")[..8];
        var root = Directory.CreateTempSubdirectory("spuff-noshell");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root.FullName, "readme"), "no shell here");
            var tar = Path.Combine(root.FullName, "..", root.Name + ".tar");
            await TarFile.CreateFromDirectoryAsync(root.FullName, tar, includeBaseDirectory: false);
            await _engine.DockerOkAsync("import", tar, image);
            File.Delete(tar);

            var provider = _engine.CreateProvider();
            var name = UniqueName();
            var request = new InstanceRequest(name).WithImage(ImageSpec.Custom(image));
            var error = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateInstanceAsync(request));
            Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
            Assert.Equal("Image", error.Field);
            Assert.Contains("/bin/sh", error.Message);
            Assert.Equal(string.Empty, await _engine.DockerOkAsync("ps", "-aq", "--filter", "name=" + name));
        }
        finally
        {
            root.Delete(true);
            await _engine.DockerAsync("rmi", "-f", image);
        }
    }

    private async Task<string> WaitForFileAsync(string id, string path)
    {
        for (var i = 0; i < 100; i++)
        {
            var (exit, output, _) = await _engine.DockerAsync("exec", id, "cat", path);
            if (exit == 0 && output.Trim().Length > 0)
            {
                return output.Trim();
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"{path} never appeared in container {id}");
    }

    private sealed class RecordingLog : IProviderLog
    {
        private readonly List<(ProviderLogLevel Level, string Message)> _lines = new();
        private readonly Action<string>? _onWrite;

        public RecordingLog(Action<string>? onWrite = null)
        {
            _onWrite = onWrite;
        }

        public IReadOnlyList<(ProviderLogLevel Level, string Message)> Lines
        {
            get
            {
                lock (_lines)
                {
                    return _lines.ToArray();
                }
            }
        }

        public void Write(ProviderLogLevel level, string message)
        {
            lock (_lines)
            {
                _lines.Add((level, message));
            }

            _onWrite?.Invoke(message);
        }
    }
}
