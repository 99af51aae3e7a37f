using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Spuff.Emulator.Tests.Support;

/// <summary>
/// One emulator plus one Stoplight Prism validating proxy in front of it (against DigitalOcean's official
/// OpenAPI description), shared by a test class: Prism takes ~10 s and ~400 MB to start. Prism is taken from
/// <c>SPUFF_PRISM</c> or <c>&lt;repo&gt;/.tools/prism/node_modules/.bin/prism</c>; when neither exists the tests fail
/// with the install command. Both listen on 127.0.0.1 free ports and are stopped at the end.
/// </summary>
public sealed class PrismProxyFixture : IAsyncLifetime
{
    public const string InstallHint =
        "Install Prism into the repository (git-ignored): npm install --prefix .tools/prism @stoplight/prism-cli@5.16.0 --no-audit --no-fund " +
        "(run in the repository root), or set SPUFF_PRISM to a prism executable.";

    private readonly StringBuilder _output = new();
    private Process? _prism;

    public EmulatorServer? Emulator { get; private set; }

    /// <summary>The proxy's DigitalOcean root, <c>http://127.0.0.1:PORT/v2/</c>.</summary>
    public Uri? ProxyEndpoint { get; private set; }

    /// <summary>Why the fixture could not start, or null.</summary>
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
            var prism = FindPrism();
            if (prism is null)
            {
                StartError = "Prism was not found at SPUFF_PRISM or " + DefaultPrismPath + ". " + InstallHint;
                return;
            }

            var spec = FindSpec();
            if (spec is null)
            {
                StartError = $"The DigitalOcean OpenAPI description was not found as <repo>/../shared/specs/digitalocean/openapi.yaml (repository root {RepositoryPaths.Root}).";
                return;
            }

            Emulator = await EmulatorServer.StartAsync(new EmulatorOptions
            {
                ReadyDelay = TimeSpan.FromMilliseconds(100),
                ActionDelay = TimeSpan.FromMilliseconds(100),
            });
            var port = FreePort();
            var upstream = Emulator.BaseAddress.GetLeftPart(UriPartial.Authority);
            _prism = StartPrism(prism, $"proxy -h 127.0.0.1 -p {port} \"{spec}\" {upstream}");
            ProxyEndpoint = new Uri($"http://127.0.0.1:{port}/v2/");
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
            catch (InvalidOperationException)
            {
            }
            catch (TimeoutException)
            {
            }

            _prism.Dispose();
        }

        if (Emulator is not null) await Emulator.DisposeAsync();
    }

    private static string DefaultPrismPath => Path.Combine(RepositoryPaths.Root, ".tools", "prism", "node_modules", ".bin",
        OperatingSystem.IsWindows() ? "prism.cmd" : "prism");

    private static string? FindPrism()
    {
        var fromEnv = Environment.GetEnvironmentVariable("SPUFF_PRISM");
        if (!string.IsNullOrEmpty(fromEnv)) return File.Exists(fromEnv) ? fromEnv : null;
        return File.Exists(DefaultPrismPath) ? DefaultPrismPath : null;
    }

    /// <summary><c>&lt;root&gt;/../shared/specs</c>; for a worktree nested deeper, the nearest ancestor holding <c>shared/specs</c>.</summary>
    private static string? FindSpec()
    {
        for (var dir = Directory.GetParent(RepositoryPaths.Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "specs", "digitalocean", "openapi.yaml");
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

    private Process StartPrism(string prism, string arguments)
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
            // Keep the log bounded: Prism logs every request.
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
