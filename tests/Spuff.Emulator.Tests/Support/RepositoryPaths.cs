namespace Spuff.Emulator.Tests.Support;

/// <summary>Finds the repository root (the folder holding Spuff.PowerShell.sln) and what lives around it.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>&lt;root&gt;/../shared/specs</c>: the providers' official API descriptions.</summary>
    public static string Specs => Path.GetFullPath(Path.Combine(Root, "..", "shared", "specs"));

    /// <summary>The build configuration this test assembly was built in (Debug or Release).</summary>
    public static string Configuration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Release";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Spuff.PowerShell.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"Spuff.PowerShell.sln not found above {AppContext.BaseDirectory}.");
    }
}
