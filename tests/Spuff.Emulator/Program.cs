using System.Globalization;
using System.Runtime.InteropServices;

namespace Spuff.Emulator;

/// <summary>
/// Command line: <c>Spuff.Emulator [--port N] [--ready-delay-ms N] [--action-delay-ms N] [--latency-ms N]
/// [--visibility-lag-ms N] [--seed-hetzner-servers N] [--seed-digitalocean-droplets N] [--ignore-stdin]</c>. Prints one line
/// <c>Spuff emulator listening on http://127.0.0.1:PORT</c> when ready and
/// exits on SIGTERM, Ctrl+C, or when standard input is closed (unless <c>--ignore-stdin</c>, or stdin is /dev/null).
/// </summary>
internal static class Program
{
    private const string Usage =
        "usage: Spuff.Emulator [--port N] [--ready-delay-ms N] [--action-delay-ms N] [--latency-ms N] [--visibility-lag-ms N] "
        + "[--seed-hetzner-servers N] [--seed-digitalocean-droplets N] [--ignore-stdin]";

    public static async Task<int> Main(string[] args)
    {
        var options = new EmulatorOptions();
        var watchStdin = true;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                Console.Out.WriteLine(Usage);
                return 0;
            }

            if (arg == "--ignore-stdin")
            {
                watchStdin = false;
                continue;
            }

            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                Console.Error.WriteLine($"Spuff emulator: {arg} needs a non-negative integer. {Usage}");
                return 2;
            }

            i++;
            switch (arg)
            {
                case "--port": options.Port = value; break;
                case "--ready-delay-ms": options.ReadyDelay = TimeSpan.FromMilliseconds(value); break;
                case "--action-delay-ms": options.ActionDelay = TimeSpan.FromMilliseconds(value); break;
                case "--latency-ms": options.Latency = TimeSpan.FromMilliseconds(value); break;
                case "--visibility-lag-ms": options.VisibilityLag = TimeSpan.FromMilliseconds(value); break;
                case "--seed-hetzner-servers": options.SeedHetznerServers = value; break;
                case "--seed-digitalocean-droplets": options.SeedDigitalOceanDroplets = value; break;
                default:
                    Console.Error.WriteLine($"Spuff emulator: unknown option {arg}. {Usage}");
                    return 2;
            }
        }

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);

        EmulatorServer server;
        try
        {
            server = await EmulatorServer.StartAsync(options);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ArgumentException)
        {
            Console.Error.WriteLine($"Spuff emulator: could not start: {ex.Message}");
            return 1;
        }

        await using (server)
        {
            Console.Out.WriteLine($"Spuff emulator listening on {server.BaseAddress.GetLeftPart(UriPartial.Authority)}");
            Console.Out.Flush();

            // A parent that dies closes our stdin: stop then. Stdin on /dev/null (started from a script with `&`,
            // nohup, a service manager) would read EOF at once and means "nobody to watch".
            if (watchStdin && !StdinIsDevNull())
            {
                var reader = new Thread(() =>
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
                { IsBackground = true, Name = "stdin watcher" };
                reader.Start();
            }

            await stop.Task;
        }

        return 0;
    }

    private static bool StdinIsDevNull()
    {
        try
        {
            return OperatingSystem.IsLinux() && new FileInfo("/proc/self/fd/0").LinkTarget == "/dev/null";
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
