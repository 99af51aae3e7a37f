using Xunit;

namespace Spuff.Core.Tests.Docker;

/// <summary>Name identity on a real engine (issue 9 §2): a re-run reports the earlier container, a foreign one the name.</summary>
[Collection(DockerCollection.Name)]
public sealed class DockerCreateOutcomeTests
{
    private readonly DockerEngineFixture _engine;

    public DockerCreateOutcomeTests(DockerEngineFixture engine)
    {
        _engine = engine;
    }

    private static string UniqueName(string prefix = "dn") => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task CreateInstance_SameNameTwice_ReportsTheFirstContainerAsAlreadyExists()
    {
        var provider = _engine.CreateProvider();
        var name = UniqueName();
        var first = await provider.CreateInstanceAsync(_engine.Request(name));
        try
        {
            var rerun = await Assert.ThrowsAsync<ProviderException>(() => provider.CreateInstanceAsync(_engine.Request(name)));

            Assert.Equal(ProviderErrorKind.AlreadyExists, rerun.Kind);
            Assert.Equal(first.Id, rerun.Instance!.Id);
            Assert.Equal("docker", rerun.Provider);
            Assert.Equal(name, (await _engine.DockerOkAsync("ps", "-a", "--filter", "name=^" + name + "$", "--format", "{{.Names}}")).Trim());
        }
        finally
        {
            await provider.DestroyInstanceAsync(first.Id);
        }
    }

    [Fact]
    public async Task CreateInstance_NameOfAContainerSpuffDidNotMake_IsInvalidConfigName()
    {
        var name = UniqueName("foreign");
        await _engine.DockerOkAsync("create", "--name", name, _engine.Image, "/bin/sh");
        try
        {
            var error = await Assert.ThrowsAsync<ProviderException>(() => _engine.CreateProvider().CreateInstanceAsync(_engine.Request(name)));

            Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
            Assert.Equal("Name", error.Field);
            Assert.Null(error.Instance);
        }
        finally
        {
            await _engine.DockerAsync("rm", "-f", name);
        }
    }
}
