using System.Diagnostics;
using Spuff.Core;
using Spuff.Providers.Docker;
using Xunit;

namespace Spuff.Core.Tests.Docker;

/// <summary>
/// Starts a private dockerd (own socket, data root, bridge) and imports a busybox image into it, once for every
/// test in the "docker" collection, through tests/tools/test-dockerd.sh; stops it and deletes everything at the
/// end. Missing dockerd or busybox-static fails every test with the apt-get line to fix it.
/// </summary>
public sealed class DockerEngineFixture : IAsyncLifetime
{
    public const string InstallHint = "apt-get update && apt-get install -y docker.io busybox-static";

    private string? _directory;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The locally built image (spuff-test/busybox:latest): no registry is reachable in tests.</summary>
    public string Image { get; private set; } = null!;

    public static ProviderTimeouts FastTimeouts { get; } = new ProviderTimeouts(
        instanceReady: TimeSpan.FromSeconds(30),
        actionComplete: TimeSpan.FromSeconds(60),
        pollInterval: TimeSpan.FromMilliseconds(100),
        httpRequest: TimeSpan.FromSeconds(30));

    public async Task InitializeAsync()
    {
        // To run the same tests against an engine that is already running (Podman's socket, Docker Desktop), name it
        // here; its image must exist already (SPUFF_TEST_DOCKER_IMAGE, default spuff-test/busybox:latest).
        var existing = Environment.GetEnvironmentVariable("SPUFF_TEST_DOCKER_HOST");
        if (!string.IsNullOrWhiteSpace(existing))
        {
            Endpoint = new Uri(existing);
            Image = Environment.GetEnvironmentVariable("SPUFF_TEST_DOCKER_IMAGE") is { Length: > 0 } image ? image : "spuff-test/busybox:latest";
            return;
        }

        if (!OnPath("dockerd") || !OnPath("docker"))
        {
            throw new InvalidOperationException($"The Docker tests need dockerd and the docker CLI, which are not installed. Run: {InstallHint}");
        }

        if (!File.Exists("/bin/busybox") && !File.Exists("/usr/bin/busybox"))
        {
            throw new InvalidOperationException($"The Docker tests build their image from busybox-static, which is not installed. Run: {InstallHint}");
        }

        var (exit, output, error) = await RunAsync("bash", new[] { Script, "start" }, TimeSpan.FromSeconds(60));
        if (exit != 0)
        {
            throw new InvalidOperationException($"Could not start the test dockerd (exit {exit}): {error.Trim()} {output.Trim()}. " +
                $"The Docker tests need root and: {InstallHint}");
        }

        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        _directory = values["SPUFF_TEST_DOCKER_DIR"];
        Endpoint = new Uri(values["DOCKER_HOST"]);
        Image = values["SPUFF_TEST_DOCKER_IMAGE"];
    }

    public async Task DisposeAsync()
    {
        if (_directory != null)
        {
            await RunAsync("bash", new[] { Script, "stop", _directory }, TimeSpan.FromSeconds(60));
        }
    }

    public DockerProvider CreateProvider(IProviderLog? log = null, IDictionary<string, string>? settings = null)
    {
        var options = new ProviderOptions { Endpoint = Endpoint, Timeouts = FastTimeouts, Log = log };
        foreach (var pair in settings ?? new Dictionary<string, string>())
        {
            options.Settings[pair.Key] = pair.Value;
        }

        return (DockerProvider)new DockerFactory().Create(options);
    }

    public InstanceRequest Request(string name) => new InstanceRequest(name).WithImage(ImageSpec.Custom(Image));

    /// <summary>The real docker CLI against the test engine, to check what the provider did from the outside.</summary>
    public async Task<(int Exit, string Output, string Error)> DockerAsync(params string[] arguments) =>
        await RunAsync("docker", new[] { "-H", Endpoint.OriginalString }.Concat(arguments).ToArray(), TimeSpan.FromSeconds(60));

    public async Task<string> DockerOkAsync(params string[] arguments)
    {
        var (exit, output, error) = await DockerAsync(arguments);
        Assert.True(exit == 0, $"docker {string.Join(' ', arguments)} failed ({exit}): {error}");
        return output.Trim();
    }

    private static string Script
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory != null && !File.Exists(Path.Combine(directory.FullName, "Spuff.PowerShell.sln")))
            {
                directory = directory.Parent;
            }

            return directory == null
                ? throw new InvalidOperationException("Cannot find the repository root (Spuff.PowerShell.sln) above " + AppContext.BaseDirectory)
                : Path.Combine(directory.FullName, "tests", "tools", "test-dockerd.sh");
        }
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, program)));

    private static async Task<(int, string, string)> RunAsync(string program, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + program);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await output, await error);
    }
}
