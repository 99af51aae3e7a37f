using Spuff.Emulator.Testing;

namespace Spuff.Emulator.Tests.Support;

/// <summary>Where this test assembly's build output and the repository (<see cref="RepositoryLayout"/>) are.</summary>
internal static class RepositoryPaths
{
    public static string Root => RepositoryLayout.Root;

    /// <summary>The build configuration this test assembly was built in (Debug or Release).</summary>
    public static string Configuration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Release";
}
