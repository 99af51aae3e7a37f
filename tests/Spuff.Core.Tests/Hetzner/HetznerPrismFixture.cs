using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Spuff.Emulator;
using Xunit;

namespace Spuff.Core.Tests.Hetzner;

/// <summary>
/// The emulator behind a Stoplight Prism validating proxy loaded with Hetzner's official description
/// (<c>&lt;repo&gt;/../shared/specs/hetzner/cloud.spec.json</c>, or the nearest ancestor holding it). Prism follows the
/// emulator branch's convention: <c>SPUFF_PRISM</c>, else <c>&lt;repo&gt;/.tools/prism/node_modules/.bin/prism</c>.
/// The spec's paths have no <c>/v1</c>, so clients talk to the proxy's root and Prism forwards to <c>emulator/v1</c>.
/// </summary>
public sealed class HetznerPrismFixture : IAsyncLifetime
{
    public const string InstallHint =
        "Install Prism into the repository (git-ignored): npm install --prefix .tools/prism @stoplight/prism-cli@5.16.0 --no-audit --no-fund " +
        "(in the repository root), or set SPUFF_PRISM to a prism executable.";

    private readonly StringBuilder _output = new();
    private Process? _prism;

    public EmulatorServer? Emulator { get; private set; }

    /// <summary>The proxy's root, which stands for https://api.hetzner.cloud/v1/.</summary>
    public Uri? ProxyEndpoint { get; private set; }

    public string? StartError { get; private set; }

    public string PrismOutput
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public async Task InitializeAsync()
    {
        try
        {
            var root = RepositoryRoot();
            var prism = Environment.GetEnvironmentVariable("SPUFF_PRISM") is { Length: > 0 } configured
                ? configured
                : Path.Combine(root, ".tools", "prism", "node_modules", ".bin", OperatingSystem.IsWindows() ? "prism.cmd" : "prism");
            if (!File.Exists(prism))
            {
                StartError = $"Prism was not found at {prism}. {InstallHint}";
                return;
            }

            var spec = FindSpec(root);
            if (spec is null)
            {
                StartError = $"Hetzner's description was not found as <repo>/../shared/specs/hetzner/cloud.spec.json (repository root {root}).";
                return;
            }

            Emulator = await EmulatorServer.StartAsync(new EmulatorOptions { ReadyDelay = TimeSpan.FromMilliseconds(200), ActionDelay = TimeSpan.FromMilliseconds(200) });
            var port = FreePort();
            var upstream = Emulator.HetznerEndpoint.AbsoluteUri.TrimEnd('/');
            _prism = Start(prism, $"proxy -h 127.0.0.1 -p {port} \"{spec}\" {upstream}");
            ProxyEndpoint = new Uri($"http://127.0.0.1:{port}/");
            await WaitUntilListeningAsync(port, TimeSpan.FromSeconds(120));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception or IOException)
        {
            StartError = ex.Message + Environment.NewLine + PrismOutput;
        }
    }

    public async Task DisposeAsync()
    {
        if (_prism is not null)
        {
            try
            {
                if (!_prism.HasExited) _prism.Kill(entireProcessTree: true);
                await _prism.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
            }

            _prism.Dispose();
        }

        if (Emulator is not null) await Emulator.DisposeAsync();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Spuff.PowerShell.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Spuff.PowerShell.sln not found above " + AppContext.BaseDirectory);
    }

    private static string? FindSpec(string root)
    {
        for (var dir = Directory.GetParent(root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "specs", "hetzner", "cloud.spec.json");
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Process Start(string prism, string arguments)
    {
        var info = new ProcessStartInfo(prism, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.Environment["NO_COLOR"] = "1";
        info.Environment["FORCE_COLOR"] = "0";
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        if (!process.Start()) throw new InvalidOperationException("Prism did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Length > 200_000) _output.Remove(0, 100_000);
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilListeningAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_prism!.HasExited) throw new InvalidOperationException($"Prism exited with code {_prism.ExitCode}.");
            if (PrismOutput.Contains("Prism is listening", StringComparison.Ordinal))
            {
                using var client = new TcpClient();
                try
                {
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    return;
                }
                catch (SocketException)
                {
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Prism did not listen on 127.0.0.1:{port} within {timeout.TotalSeconds} s.");
    }
}
