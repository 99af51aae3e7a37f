using System.Text;
using Spuff.Core;
using Spuff.Providers.Docker;
using Xunit;

namespace Spuff.Core.Tests.Docker;

/// <summary>
/// Where the provider finds the engine when no endpoint is given. These tests change process-wide environment
/// variables (DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CONFIG), so their collection runs alone, never beside the tests
/// that start docker CLI processes.
/// </summary>
[Collection(Name)]
public sealed class DockerEndpointEnvironmentTests
{
    public const string Name = "docker-environment";

    [Fact]
    public void Resolve_NoEndpointOption_TakesSpuffVariableThenDockerHost()
    {
        var spuff = Environment.GetEnvironmentVariable("SPUFF_DOCKER_ENDPOINT");
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        try
        {
            Environment.SetEnvironmentVariable("SPUFF_DOCKER_ENDPOINT", "unix:///tmp/spuff-a/docker.sock");
            Environment.SetEnvironmentVariable("DOCKER_HOST", "unix:///tmp/spuff-b/docker.sock");
            Assert.Equal(new Uri("unix:///tmp/spuff-a/docker.sock"), DockerEndpoint.Resolve(null));
            Assert.Equal(new Uri("unix:///tmp/spuff-c/docker.sock"), DockerEndpoint.Resolve(new Uri("unix:///tmp/spuff-c/docker.sock")));

            Environment.SetEnvironmentVariable("SPUFF_DOCKER_ENDPOINT", null);
            Assert.Equal(new Uri("unix:///tmp/spuff-b/docker.sock"), DockerEndpoint.Resolve(null));

            Environment.SetEnvironmentVariable("DOCKER_HOST", "tcp://192.0.2.10:2375");
            var error = Assert.Throws<ProviderException>(() => DockerEndpoint.Resolve(null));
            Assert.Equal("DOCKER_HOST", error.Field);
        }
        finally
        {
            Environment.SetEnvironmentVariable("SPUFF_DOCKER_ENDPOINT", spuff);
            Environment.SetEnvironmentVariable("DOCKER_HOST", dockerHost);
        }
    }

    [Fact]
    public void Resolve_NoHostButDockerContext_TakesTheContextsEndpoint()
    {
        var saved = new[] { "SPUFF_DOCKER_ENDPOINT", "DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CONFIG" }
            .ToDictionary(n => n, Environment.GetEnvironmentVariable);
        var config = Directory.CreateTempSubdirectory("spuff-docker-config");
        try
        {
            // What `docker context create desktop-linux --docker host=...` writes.
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("desktop-linux")));
            var meta = Directory.CreateDirectory(Path.Combine(config.FullName, "contexts", "meta", hash));
            File.WriteAllText(Path.Combine(meta.FullName, "meta.json"),
                "{\"Name\":\"desktop-linux\",\"Endpoints\":{\"docker\":{\"Host\":\"unix:///tmp/spuff-ctx/docker.sock\"}}}");
            Environment.SetEnvironmentVariable("SPUFF_DOCKER_ENDPOINT", null);
            Environment.SetEnvironmentVariable("DOCKER_HOST", null);
            Environment.SetEnvironmentVariable("DOCKER_CONFIG", config.FullName);
            Environment.SetEnvironmentVariable("DOCKER_CONTEXT", "desktop-linux");
            Assert.Equal(new Uri("unix:///tmp/spuff-ctx/docker.sock"), DockerEndpoint.Resolve(null));

            // A context that does not exist falls back to the platform default rather than failing.
            Environment.SetEnvironmentVariable("DOCKER_CONTEXT", "no-such-context");
            Assert.Equal(new Uri(DockerEndpoint.UnixDefault), DockerEndpoint.Resolve(null));
        }
        finally
        {
            foreach (var pair in saved)
            {
                Environment.SetEnvironmentVariable(pair.Key, pair.Value);
            }

            config.Delete(true);
        }
    }
}

