using Xunit;

namespace Spuff.Core.Tests.Docker;

/// <summary>Runs the environment-changing endpoint tests alone, after every parallel collection.</summary>
[CollectionDefinition(DockerEndpointEnvironmentTests.Name, DisableParallelization = true)]
public sealed class DockerEndpointEnvironmentCollection
{
}
