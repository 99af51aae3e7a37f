using Xunit;

namespace Spuff.Core.Tests.Docker;

/// <summary>Every test that needs the engine shares one dockerd (started once, ~2 s).</summary>
[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerEngineFixture>
{
    public const string Name = "docker";
}
