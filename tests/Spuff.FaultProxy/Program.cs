using System.Globalization;
using System.Runtime.InteropServices;

namespace Spuff.FaultProxy;

/// <summary>
/// Command line: <c>Spuff.FaultProxy --upstream URL [--port N] [--seed N] [--rate R] [--stall-ms N]
/// [--kinds Throttle,UnavailableAfter,...] [--ignore-stdin]</c>. Prints one line
/// <c>Spuff fault proxy listening on http://127.0.0.1:PORT</c> when ready; exits on SIGTERM, Ctrl+C, or when standard
/// input is closed (so a test that dies never leaves it running).
/// </summary>
internal static class Program
{
    private const string Usage =
        "usage: Spuff.FaultProxy --upstream URL [--port N] [--seed N] [--rate 0..1] [--stall-ms N] [--kinds K1,K2] [--ignore-stdin]";

    public static async Task<int> Main(string[] args)
    {
        var settings = new ProxySettings();
        Uri? upstream = null;
        var port = 0;
        var watchStdin = true;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--ignore-stdin")
            {
                watchStdin = false;
                continue;
            }

            if (i + 1 >= args.Length)
            {
                return Fail($"{arg} needs a value.");
            }

            var value = args[++i];
            var ok = true;
            switch (arg)
            {
                case "--upstream":
                    ok = Uri.TryCreate(value, UriKind.Absolute, out upstream) && upstream.IsLoopback;
                    break;
                case "--port":
                    ok = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;
                    break;
                case "--seed":
                    ok = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed);
                    settings.Seed = seed;
                    break;
                case "--rate":
                    ok = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate is >= 0 and <= 1;
                    settings.Rate = rate;
                    break;
                case "--stall-ms":
                    ok = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var stall);
                    settings.StallMs = stall;
                    break;
                case "--kinds":
                    foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        ok &= Enum.TryParse<FaultKind>(name, ignoreCase: true, out var kind);
                        settings.Kinds.Add(kind);
                    }

                    break;
                default:
                    return Fail($"unknown option {arg}.");
            }

            if (!ok)
            {
                return Fail($"bad value '{value}' for {arg} (the upstream must be a loopback URL).");
            }
        }

        if (upstream == null)
        {
            return Fail("--upstream is required.");
        }

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

        ProxyServer server;
        try
        {
            server = await ProxyServer.StartAsync(upstream, settings, port);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            Console.Error.WriteLine($"Spuff fault proxy: could not start: {ex.Message}");
            return 1;
        }

        await using (server)
        {
            Console.Out.WriteLine($"Spuff fault proxy listening on {server.BaseAddress.GetLeftPart(UriPartial.Authority)}");
            Console.Out.Flush();
            if (watchStdin)
            {
                new Thread(() =>
                {
                    try
                    {
                        using var stdin = Console.OpenStandardInput();
                        var buffer = new byte[256];
                        while (stdin.Read(buffer, 0, buffer.Length) > 0)
                        {
                        }
                    }
                    catch (IOException)
                    {
                    }

                    stop.TrySetResult();
                })
                { IsBackground = true, Name = "stdin watcher" }.Start();
            }

            await stop.Task;
        }

        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"Spuff fault proxy: {message} {Usage}");
        return 2;
    }
}
