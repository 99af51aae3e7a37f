using System.Diagnostics;
using System.Net.Sockets;

namespace Spuff.Core.Tests.Support;

/// <summary>
/// Stoplight Prism serving an official spec on 127.0.0.1: as a validating mock, requests that break the spec get
/// 422 with an <c>sl-violations</c> header. Installed by tools/install-test-prerequisites.sh into .tools/prism.
/// </summary>
public sealed class PrismServer : IDisposable
{
    private readonly Process _process;

    private PrismServer(Process process, int port)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseAddress { get; }

    public static string Executable
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("SPUFF_PRISM");
            var path = string.IsNullOrEmpty(configured) ? Path.Combine(RepoPaths.Root, ".tools", "prism", "node_modules", ".bin", "prism") : configured;
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"Prism is not installed at {path}. Run tools/install-test-prerequisites.sh (npm install --prefix .tools/prism @stoplight/prism-cli@5.16.0).");
            }

            return path;
        }
    }

    public static async Task<PrismServer> StartMockAsync(string specPath)
    {
        var port = FreePort.Next();
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "mock", "-h", "127.0.0.1", "-p", port.ToString(), specPath })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Prism did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrismServer(process, port);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Prism exited with code {process.ExitCode} before it listened.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(250);
            }
        }

        server.Dispose();
        throw new TimeoutException("Prism did not listen within 90 s.");
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
