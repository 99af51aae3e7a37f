using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Spuff.Emulator.Testing;

/// <summary>
/// One Stoplight Prism process on a free 127.0.0.1 port, shared by both test projects. As a validating mock
/// (<see cref="StartMockAsync"/>) it answers from the description's examples; as a validating proxy
/// (<see cref="StartProxyAsync"/>) it forwards to an upstream and reports what breaks the description on either side
/// in an <c>sl-violations</c> header. Prism is <c>SPUFF_PRISM</c>, else <c>&lt;repo&gt;/.tools/prism</c> (installed by
/// tools/install-test-prerequisites.sh). Prism takes ~10 s and ~400 MB to start, so callers share one per fixture.
/// </summary>
public sealed class PrismProcess : IAsyncDisposable, IDisposable
{
    public const string InstallHint =
        "Install Prism into the repository (git-ignored): run tools/install-test-prerequisites.sh, or " +
        "npm install --prefix .tools/prism @stoplight/prism-cli@5.16.0 --no-audit --no-fund (in the repository root), " +
        "or set SPUFF_PRISM to a prism executable.";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private PrismProcess(string executable, IEnumerable<string> arguments, int port)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["NO_COLOR"] = "1";
        info.Environment["FORCE_COLOR"] = "0";
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>The root Prism listens on, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>What Prism printed (bounded: Prism logs every request).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>The Prism executable that <c>SPUFF_PRISM</c> or <c>.tools/prism</c> names, or null when it does not exist.</summary>
    public static string? FindExecutable() => File.Exists(ExpectedExecutable) ? ExpectedExecutable : null;

    /// <summary>Where Prism is looked for: <c>SPUFF_PRISM</c> when set, else the repository's <c>.tools/prism</c>.</summary>
    public static string ExpectedExecutable =>
        Environment.GetEnvironmentVariable("SPUFF_PRISM") is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryLayout.Root, ".tools", "prism", "node_modules", ".bin", OperatingSystem.IsWindows() ? "prism.cmd" : "prism");

    /// <summary>Prism as a validating mock of <paramref name="spec"/>.</summary>
    public static Task<PrismProcess> StartMockAsync(string spec) => StartAsync("mock", spec, upstream: null);

    /// <summary>Prism as a validating proxy of <paramref name="spec"/> in front of <paramref name="upstream"/>.</summary>
    public static Task<PrismProcess> StartProxyAsync(string spec, string upstream) => StartAsync("proxy", spec, upstream);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // Never started, or already gone: nothing left to stop.
        }

        _process.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static async Task<PrismProcess> StartAsync(string mode, string spec, string? upstream)
    {
        var executable = FindExecutable() ?? throw new InvalidOperationException($"Prism was not found at {ExpectedExecutable}. {InstallHint}");
        var port = FreePort();
        var arguments = new List<string> { mode, "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), spec };
        if (upstream is not null) arguments.Add(upstream);

        var prism = new PrismProcess(executable, arguments, port);
        try
        {
            if (!prism._process.Start()) throw new InvalidOperationException("Prism did not start.");
            prism._process.BeginOutputReadLine();
            prism._process.BeginErrorReadLine();
            await prism.WaitUntilListeningAsync(port);
            return prism;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception or IOException)
        {
            var output = prism.Output;
            await prism.DisposeAsync();
            throw new InvalidOperationException(ex.Message + Environment.NewLine + output, ex);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

    // Prism prints "Prism is listening" a moment before the port accepts; wait for both.
    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Prism exited with code {_process.ExitCode} before it listened.");
            if (Output.Contains("Prism is listening", StringComparison.Ordinal))
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

        throw new TimeoutException($"Prism did not listen on 127.0.0.1:{port} within {StartTimeout.TotalSeconds} s.");
    }
}
