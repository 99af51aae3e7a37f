namespace Spuff.Emulator.Testing;

/// <summary>
/// Where the test tools find the repository (the folder holding Spuff.PowerShell.sln, found above the running
/// assembly) and the providers' official API descriptions in <c>&lt;repo&gt;/../shared/specs</c>.
/// </summary>
public static class RepositoryLayout
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    /// <summary>
    /// <c>&lt;root&gt;/../shared/specs/&lt;relative&gt;</c>, or for a worktree nested deeper the nearest ancestor
    /// holding <c>shared/specs/&lt;relative&gt;</c>; null when none does.
    /// </summary>
    public static string? FindSpec(string relative)
    {
        for (var dir = Directory.GetParent(Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "specs", relative);
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }

    /// <summary>Like <see cref="FindSpec"/>, but a missing description is an error that says where it was expected.</summary>
    public static string RequireSpec(string relative) =>
        FindSpec(relative) ?? throw new FileNotFoundException(
            $"The official description {relative} was not found as <repo>/../shared/specs/{relative} (repository root {Root}).");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Spuff.PowerShell.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"Spuff.PowerShell.sln not found above {AppContext.BaseDirectory}.");
    }
}
