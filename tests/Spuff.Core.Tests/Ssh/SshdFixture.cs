using System.Diagnostics;
using System.Net;
using Spuff.Core.Tests.Support;
using Xunit;

namespace Spuff.Core.Tests.Ssh;

/// <summary>
/// A real OpenSSH server on 127.0.0.1 (tests/tools/test-sshd.sh): its own config, host key, client key and a
/// stand-in cloud-init whose answer is the file <see cref="CloudInitState"/>. Stopped by its pid at the end.
/// </summary>
public sealed class SshdFixture : IAsyncLifetime
{
    public const string InstallHint = "apt-get update && apt-get install -y openssh-server";

    public string Directory { get; private set; } = null!;

    public int Port { get; private set; }

    public string ClientKey { get; private set; } = null!;

    public string CloudInitState { get; private set; } = null!;

    public string HostKeyFingerprint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory = Path.Combine(Path.GetTempPath(), "spuff-sshd-" + Guid.NewGuid().ToString("N")[..8]);
        Port = FreePort.Next();
        await RunScriptAsync("start", Directory, Port.ToString());
    }

    public async Task DisposeAsync() => await ScriptAsync("stop", Directory);

    /// <summary>Gives the server a new host key (same address and port), as a rebuilt or impostor machine would have.</summary>
    public Task RekeyAsync() => RunScriptAsync("rekey", Directory, Port.ToString());

    public void SetCloudInit(string state) => File.WriteAllText(CloudInitState, state + "\n");

    /// <summary>An instance of <paramref name="provider"/> at the server's address, as the emulator would report it.</summary>
    public static ProviderInstance Instance(string id, string provider = "digitalocean") =>
        new(id, InstanceStatus.Active, IPAddress.Loopback, DateTimeOffset.UtcNow) { Name = "ssh-" + id, Provider = provider };

    public RemoteAccess Access(string knownHosts) => new()
    {
        Port = Port,
        IdentityFiles = new List<string> { ClientKey },
        KnownHostsFile = knownHosts,
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    private async Task RunScriptAsync(params string[] arguments)
    {
        var (exit, output, error) = await ScriptAsync(arguments);
        if (exit != 0)
        {
            throw new InvalidOperationException($"Could not start the test sshd (exit {exit}): {error.Trim()} {output.Trim()}. The SSH tests need root and: {InstallHint}");
        }

        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        ClientKey = values["CLIENT_KEY"];
        CloudInitState = values["CLOUD_INIT_STATE"];
        HostKeyFingerprint = values["HOST_KEY_FINGERPRINT"];
    }

    private static async Task<(int, string, string)> ScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await output, await error);
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
                ? throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory)
                : Path.Combine(directory.FullName, "tests", "tools", "test-sshd.sh");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SshdCollection : ICollectionFixture<SshdFixture>
{
    public const string Name = "sshd";
}
