using System.Diagnostics;
using System.Net.Http.Headers;
using Spuff.Emulator.Tests.Support;
using Xunit;

namespace Spuff.Emulator.Tests;

public sealed class CommandLineTests
{
    private static string EmulatorDll =>
        Path.Combine(RepositoryPaths.Root, "tests", "Spuff.Emulator", "bin", RepositoryPaths.Configuration, "net10.0", "Spuff.Emulator.dll");

    [Fact]
    public async Task Main_Started_PrintsOneListeningLineServesAndExitsWhenStdinCloses()
    {
        Assert.True(File.Exists(EmulatorDll), $"build the emulator first: {EmulatorDll} is missing");
        using var process = Start("--ready-delay-ms 0 --latency-ms 1");
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.NotNull(line);
            Assert.Matches(@"^Spuff emulator listening on http://127\.0\.0\.1:\d+$", line);

            var url = line["Spuff emulator listening on ".Length..];
            using var client = new HttpClient { BaseAddress = new Uri(url + "/v2/") };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "cli");
            using var response = await client.GetAsync("regions");
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);

            process.StandardInput.Close();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0, process.ExitCode);
            Assert.Equal(string.Empty, (await process.StandardOutput.ReadToEndAsync()).Trim());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Main_Sigterm_ExitsCleanly()
    {
        Assert.True(File.Exists(EmulatorDll), $"build the emulator first: {EmulatorDll} is missing");
        using var process = Start("--ignore-stdin");
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.StartsWith("Spuff emulator listening on ", line);

            using (var kill = Process.Start("kill", new[] { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Main_SeedOptions_StartsWithSeededInstances()
    {
        Assert.True(File.Exists(EmulatorDll), $"build the emulator first: {EmulatorDll} is missing");
        using var process = Start("--seed-hetzner-servers 60 --seed-digitalocean-droplets 3");
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.StartsWith("Spuff emulator listening on ", line);
            var url = line!["Spuff emulator listening on ".Length..];
            using var client = new HttpClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "cli");

            var servers = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(url + "/v1/servers?label_selector=managed-by%3Dspuff")).RootElement;
            var droplets = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(url + "/v2/droplets?tag_name=managed-by%3Aspuff")).RootElement;

            Assert.Equal(60, servers.GetProperty("meta").GetProperty("pagination").GetProperty("total_entries").GetInt32());
            Assert.Equal(3, droplets.GetProperty("meta").GetProperty("total").GetInt32());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Main_UnknownOption_ExitsWithUsageError()
    {
        using var process = Start("--bogus 1");
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("unknown option", await process.StandardError.ReadToEndAsync());
    }

    private static Process Start(string arguments)
    {
        var info = new ProcessStartInfo("dotnet", $"\"{EmulatorDll}\" {arguments}")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
    }
}
