using System.Diagnostics;
using Xunit;

namespace Spuff.Core.Tests.Hetzner;

/// <summary>Runs the official hcloud CLI against an endpoint with a throw-away config and HOME, never the user's.</summary>
public sealed class HcloudCli : IDisposable
{
    public const string InstallHint = "The hcloud CLI is not installed: apt-get install -y hcloud-cli (or set SPUFF_HCLOUD to the hcloud binary).";

    private readonly string _home = Path.Combine(Path.GetTempPath(), "spuff-hcloud-" + Guid.NewGuid().ToString("N")[..8]);

    public HcloudCli(Uri endpoint, string token)
    {
        Endpoint = endpoint;
        Token = token;
        Directory.CreateDirectory(_home);
    }

    public Uri Endpoint { get; }

    public string Token { get; set; }

    /// <summary>HCLOUD_DEBUG: the CLI prints every request and response, headers included.</summary>
    public bool Debug { get; set; }

    public Task<string> RunAsync(params string[] args) => RunAsync(expectSuccess: true, args);

    public async Task<string> RunAsync(bool expectSuccess, params string[] args)
    {
        var info = new ProcessStartInfo(Find())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--poll-interval", "100ms" }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var variable in new[] { "HCLOUD_CONTEXT", "HCLOUD_DEBUG", "HCLOUD_DEBUG_FILE" })
        {
            info.Environment.Remove(variable);
        }

        info.Environment["HCLOUD_CONFIG"] = Path.Combine(_home, "cli.toml");
        info.Environment["HCLOUD_ENDPOINT"] = Endpoint.AbsoluteUri.TrimEnd('/');
        info.Environment["HCLOUD_TOKEN"] = Token;
        info.Environment["HOME"] = _home;
        if (Debug)
        {
            info.Environment["HCLOUD_DEBUG"] = "true";
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("hcloud did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"hcloud {string.Join(' ', args)} did not finish within 60 s");
        }

        var output = await stdout + await stderr;
        if (expectSuccess)
        {
            Assert.True(process.ExitCode == 0, $"hcloud {string.Join(' ', args)} exited with {process.ExitCode}: {output}");
        }
        else
        {
            Assert.NotEqual(0, process.ExitCode);
        }

        return output;
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private static string Find()
    {
        var configured = Environment.GetEnvironmentVariable("SPUFF_HCLOUD");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : throw new Xunit.Sdk.XunitException($"SPUFF_HCLOUD points at {configured}, which does not exist. {InstallHint}");
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "hcloud");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new Xunit.Sdk.XunitException(InstallHint);
    }
}
