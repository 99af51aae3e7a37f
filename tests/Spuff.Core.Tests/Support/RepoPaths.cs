namespace Spuff.Core.Tests.Support;

/// <summary>Finds the repository root (the folder with Spuff.PowerShell.sln) and the shared specs beside it.</summary>
public static class RepoPaths
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Spuff.PowerShell.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("Spuff.PowerShell.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The official API descriptions live in ../shared/specs next to the repository.</summary>
    public static string Spec(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "specs", relative));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The official spec {relative} is expected at {path} (../shared/specs beside the repository).", path);
        }

        return path;
    }
}
