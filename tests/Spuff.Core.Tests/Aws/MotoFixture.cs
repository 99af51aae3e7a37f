using System.Diagnostics;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Spuff.Core;
using Spuff.Core.Tests.Support;
using Spuff.Providers.Aws;
using Xunit;

namespace Spuff.Core.Tests.Aws;

/// <summary>
/// Starts moto_server (the AWS emulator the AWS ecosystem tests against) on a free 127.0.0.1 port for the whole
/// collection and stops it at the end. Moto's built-in AMI list is replaced by a small one (MOTO_AMIS_PATH) that
/// holds the Canonical and Debian images the image lookups need, and AMI, instance-type and key-pair validation is
/// on, so bad input fails the way it does on EC2.
/// </summary>
public sealed class MotoFixture : IAsyncLifetime
{
    public const string Region = "us-east-1";
    public const string ProfileName = "spuff-test";
    public const string ProfileRegion = "eu-west-3";
    public const string Ubuntu2404Old = "ami-0a0a0a0a0a0a0a001";
    public const string Ubuntu2404New = "ami-0a0a0a0a0a0a0a002";
    public const string Ubuntu2204 = "ami-0a0a0a0a0a0a0a003";
    public const string Debian12Old = "ami-0d0d0d0d0d0d0d001";
    public const string Debian12New = "ami-0d0d0d0d0d0d0d002";
    public const string Debian12Backports = "ami-0d0d0d0d0d0d0d003";
    public const string Debian11 = "ami-0d0d0d0d0d0d0d004";
    public const string OtherOwner = "ami-0e0e0e0e0e0e0e001";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private Process? _process;
    private string? _workDir;
    private readonly List<string> _output = new();

    public Uri Endpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The provider uses the normal AWS credential chain; moto accepts any keys, so the environment gets fake ones.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "testing");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "testing");
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", null);
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");

        // The SDK reads the shared files' locations once per process, so they are fixed here, before any SDK use:
        // the profile "spuff-test" and no "default" profile, and the developer's own ~/.aws never leaks in.
        _workDir = Directory.CreateTempSubdirectory("spuff-moto-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_workDir, "credentials"), "[spuff-test]\naws_access_key_id = AKIAPROFILE\naws_secret_access_key = profile-secret\n");
        await File.WriteAllTextAsync(Path.Combine(_workDir, "config"), $"[profile {ProfileName}]\nregion = {ProfileRegion}\n");
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(_workDir, "credentials"));
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(_workDir, "config"));

        var server = FindMotoServer() ?? throw new InvalidOperationException(
            "moto_server was not found on PATH (nor SPUFF_MOTO_SERVER). The AWS provider tests need moto 5.2.1: " +
            "install it with `pip install \"moto[server]==5.2.1\"` so that `moto_server` is on PATH.");
        var amis = Path.Combine(_workDir, "amis.json");
        await File.WriteAllTextAsync(amis, AmisJson());
        var port = FreePort.Next();
        var start = new ProcessStartInfo(server, $"-H 127.0.0.1 -p {port}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _workDir,
        };
        start.Environment["MOTO_AMIS_PATH"] = amis;
        start.Environment["MOTO_ENABLE_AMI_VALIDATION"] = "true";
        start.Environment["MOTO_EC2_ENABLE_INSTANCE_TYPE_VALIDATION"] = "true";
        start.Environment["MOTO_ENABLE_KEYPAIR_VALIDATION"] = "true";
        _process = Process.Start(start) ?? throw new InvalidOperationException("moto_server did not start.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Endpoint = new Uri($"http://127.0.0.1:{port}");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"moto_server exited with {_process.ExitCode}: {string.Join("\n", Output())}");
            }

            try
            {
                using var response = await Http.PostAsync(new Uri(Endpoint, "/moto-api/reset"), null);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"moto_server did not answer on {Endpoint} within 30 s: {string.Join("\n", Output())}");
            }

            await Task.Delay(100);
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        if (_workDir != null)
        {
            try
            {
                Directory.Delete(_workDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Puts moto back into "accept any key" mode. It does not clear resources: moto 5.2.1 cannot reset once EC2 has
    /// loaded AMIs from MOTO_AMIS_PATH with creation dates (it parses the already-parsed dates again and fails), so
    /// tests look only at the resources they made themselves.
    /// </summary>
    public Task PrepareAsync() => SetAuthAsync(false);

    /// <summary>With auth on, moto checks keys against its IAM users, so any key fails with AuthFailure.</summary>
    public async Task SetAuthAsync(bool enabled)
    {
        using var body = new StringContent(enabled ? "0" : "inf");
        using var response = await Http.PostAsync(new Uri(Endpoint, "/moto-api/reset-auth"), body);
        response.EnsureSuccessStatusCode();
    }

    public ProviderOptions Options(IProviderLog? log = null) => new()
    {
        Region = Region,
        Endpoint = Endpoint,
        Log = log,
        Timeouts = new ProviderTimeouts(
            instanceReady: TimeSpan.FromSeconds(20),
            actionComplete: TimeSpan.FromSeconds(20),
            pollInterval: TimeSpan.FromMilliseconds(100),
            httpRequest: TimeSpan.FromSeconds(20),
            createVisibility: TimeSpan.FromSeconds(1)),
    };

    internal AwsProvider CreateProvider(IProviderLog? log = null, Action<ProviderOptions>? configure = null)
    {
        var options = Options(log);
        configure?.Invoke(options);
        return (AwsProvider)new AwsFactory().Create(options);
    }

    /// <summary>A plain SDK client, for arranging what another tool would have made.</summary>
    public AmazonEC2Client Ec2() =>
        new(new BasicAWSCredentials("testing", "testing"), new AmazonEC2Config { ServiceURL = Endpoint.ToString(), AuthenticationRegion = Region });

    public AmazonSimpleSystemsManagementClient Ssm() =>
        new(new BasicAWSCredentials("testing", "testing"), new AmazonSimpleSystemsManagementConfig { ServiceURL = Endpoint.ToString(), AuthenticationRegion = Region });

    public IReadOnlyList<string> Output()
    {
        lock (_output)
        {
            return _output.ToArray();
        }
    }

    private void Keep(string? line)
    {
        if (line == null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
            if (_output.Count > 200)
            {
                _output.RemoveAt(0);
            }
        }
    }

    private static string? FindMotoServer()
    {
        var configured = Environment.GetEnvironmentVariable("SPUFF_MOTO_SERVER");
        if (!string.IsNullOrWhiteSpace(configured) && File.Exists(configured))
        {
            return configured;
        }

        var home = Environment.GetEnvironmentVariable("HOME") ?? "/root";
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Concat(new[] { Path.Combine(home, ".pyenv", "shims"), Path.Combine(home, ".local", "bin"), "/usr/local/bin", "/usr/bin" });
        var pyenvVersions = Path.Combine(home, ".pyenv", "versions");
        if (Directory.Exists(pyenvVersions))
        {
            folders = folders.Concat(Directory.GetDirectories(pyenvVersions).OrderDescending().Select(v => Path.Combine(v, "bin")));
        }

        return folders.Where(f => f.Length > 0).Select(f => Path.Combine(f, "moto_server")).FirstOrDefault(File.Exists);
    }

    private static string AmisJson()
    {
        static string Ami(string id, string name, string owner, string created) =>
            $$"""
            {"ami_id": "{{id}}", "name": "{{name}}", "description": "{{name}}", "owner_id": "{{owner}}", "public": true,
             "virtualization_type": "hvm", "architecture": "x86_64", "state": "available", "platform": null,
             "image_type": "machine", "hypervisor": "xen", "root_device_name": "/dev/sda1", "root_device_type": "ebs",
             "sriov": "simple", "creation_date": "{{created}}"}
            """;
        var canonical = AwsImageResolver.CanonicalOwner;
        var debian = AwsImageResolver.DebianOwner;
        return "[" + string.Join(",\n", new[]
        {
            Ami(Ubuntu2404Old, "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20240423", canonical, "2024-04-23T10:00:00.000Z"),
            Ami(Ubuntu2404New, "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20251001", canonical, "2025-10-01T10:00:00.000Z"),
            Ami(Ubuntu2204, "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20250101", canonical, "2025-01-01T10:00:00.000Z"),
            Ami(Debian12Old, "debian-12-amd64-20240101-1000", debian, "2024-01-01T10:00:00.000Z"),
            Ami(Debian12New, "debian-12-amd64-20250901-2200", debian, "2025-09-01T10:00:00.000Z"),
            Ami(Debian12Backports, "debian-12-backports-amd64-20251101-0000", debian, "2025-11-01T10:00:00.000Z"),
            Ami(Debian11, "debian-11-amd64-20251001-0000", debian, "2025-10-01T10:00:00.000Z"),
            Ami(OtherOwner, "debian-12-amd64-20991231-0000", "111122223333", "2099-12-31T10:00:00.000Z"),
        }) + "]";
    }
}
