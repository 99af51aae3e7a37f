using System.Net;
using Spuff.Providers.Ssh;
using Xunit;

namespace Spuff.Core.Tests.Ssh;

/// <summary>The pure parts of the machine loop: durations, expiry labels, login users, idle-shutdown user data, known hosts.</summary>
public sealed class MachineTypesTests : IDisposable
{
    private readonly string _knownHosts = Path.Combine(Path.GetTempPath(), "spuff-kh-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => File.Delete(_knownHosts);

    [Theory]
    [InlineData("4h", 4 * 3600)]
    [InlineData("30m", 30 * 60)]
    [InlineData("2d", 2 * 86400)]
    [InlineData("1h30m", 5400)]
    [InlineData("45s", 45)]
    [InlineData("1w", 7 * 86400)]
    [InlineData("1.5h", 5400)]
    [InlineData("04:00:00", 4 * 3600)]
    [InlineData("1.02:00:00", 26 * 3600)]
    [InlineData(" 2H ", 7200)]
    public void ParseDuration_Accepted_Seconds(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Expiry.ParseDuration(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("4")]
    [InlineData("4x")]
    [InlineData("h")]
    [InlineData("4h30")]
    [InlineData("four hours")]
    public void ParseDuration_Rejected_InvalidConfigNamingTimeToLive(string text)
    {
        var error = Assert.Throws<ProviderException>(() => Expiry.ParseDuration(text));

        Assert.Equal(ProviderErrorKind.InvalidConfig, error.Kind);
        Assert.Equal("TimeToLive", error.Field);
    }

    [Fact]
    public void ExpiryLabel_RoundTrip_WholeSecondsRoundedUp()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1767225600).AddMilliseconds(300);

        var label = Expiry.Format(at);
        var instance = new ProviderInstance("1", InstanceStatus.Active, null, DateTimeOffset.UtcNow)
        {
            Labels = new Dictionary<string, string> { [Expiry.Label] = label },
        };

        Assert.Equal("1767225601", label);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1767225601), instance.ExpiresAt);
        Assert.True(instance.IsExpiredAt(DateTimeOffset.FromUnixTimeSeconds(1767225601)));
        Assert.False(instance.IsExpiredAt(DateTimeOffset.FromUnixTimeSeconds(1767225600)));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("99999999999999999999")]
    [InlineData("")]
    public void ExpiresAt_UnreadableLabel_Null(string value)
    {
        var instance = new ProviderInstance("1", InstanceStatus.Active, null, DateTimeOffset.UtcNow)
        {
            Labels = new Dictionary<string, string> { [Expiry.Label] = value },
        };

        Assert.Null(instance.ExpiresAt);
        Assert.False(instance.IsExpiredAt(DateTimeOffset.MaxValue));
    }

    [Theory]
    [InlineData("digitalocean", null, null, "root")]
    [InlineData("hetzner", "ubuntu-24.04", null, "root")]
    [InlineData("aws", "ami-0abc", null, "ubuntu")]
    [InlineData("aws", "debian-12-amd64-20240101", null, "admin")]
    [InlineData("aws", "al2023-ami-2023.4", null, "ec2-user")]
    [InlineData("aws", "ami-0abc", "admin", "admin")]
    [InlineData("docker", "busybox", null, "root")]
    public void LoginUser_ProviderImageAndLabel_User(string provider, string? image, string? label, string user)
    {
        var instance = new ProviderInstance("1", InstanceStatus.Active, null, DateTimeOffset.UtcNow) { Provider = provider, Image = image };
        if (label != null)
        {
            instance.Labels = new Dictionary<string, string> { [LoginUser.Label] = label };
        }

        Assert.Equal(user, LoginUser.For(instance));
    }

    [Fact]
    public void LoginUser_ForCreate_RecordsOnlyOnAwsPortableImages()
    {
        Assert.Equal("ubuntu", LoginUser.ForCreate("aws", ImageSpec.Parse("ubuntu-24.04")));
        Assert.Equal("admin", LoginUser.ForCreate("aws", ImageSpec.Parse("debian-12")));
        Assert.Null(LoginUser.ForCreate("aws", ImageSpec.Custom("ami-123")));
        Assert.Null(LoginUser.ForCreate("digitalocean", ImageSpec.Parse("ubuntu-24.04")));
    }

    [Fact]
    public void IdleShutdown_NoUserData_ScriptAlone()
    {
        var data = IdleShutdown.Merge(null, TimeSpan.FromMinutes(30));

        Assert.StartsWith("#!/bin/sh\n", data);
        Assert.Contains("limit=1800;", data);
        Assert.Contains("ss -Htn state established '( sport = :22 )'", data);
        Assert.Contains("systemctl enable --now spuff-idle-shutdown.service", data);
    }

    [Theory]
    [InlineData("#cloud-config\npackages: [git]\n", "text/cloud-config")]
    [InlineData("#!/bin/bash\necho hi", "text/x-shellscript")]
    public void IdleShutdown_WithUserData_MultipartUserPartFirst(string userData, string type)
    {
        var data = IdleShutdown.Merge(userData, TimeSpan.FromHours(1));

        Assert.StartsWith("Content-Type: multipart/mixed; boundary=\"" + IdleShutdown.Boundary + "\"\nMIME-Version: 1.0\n\n", data);
        var parts = data.Split("--" + IdleShutdown.Boundary);
        Assert.Equal(4, parts.Length);
        Assert.Contains("Content-Type: " + type, parts[1]);
        Assert.Contains(userData.TrimEnd('\n'), parts[1]);
        Assert.Contains("limit=3600;", parts[2]);
        Assert.Equal("--\n", parts[3]);
    }

    [Theory]
    [InlineData("Content-Type: multipart/mixed; boundary=x\n\n--x--")]
    [InlineData("plain text")]
    public void IdleShutdown_UnmergeableUserData_InvalidConfig(string userData)
    {
        var error = Assert.Throws<ProviderException>(() => IdleShutdown.Merge(userData, TimeSpan.FromHours(1)));

        Assert.Equal("IdleShutdown", error.Field);
    }

    [Fact]
    public void IdleShutdown_UnderAMinute_InvalidConfig()
    {
        Assert.Equal("IdleShutdown", Assert.Throws<ProviderException>(() => IdleShutdown.Merge(null, TimeSpan.FromSeconds(20))).Field);
    }

    [Fact]
    public void KnownHosts_LearnKnownChangedForget_PerInstance()
    {
        var store = new KnownHostsStore(_knownHosts);
        var a = KnownHostsStore.Alias("hetzner", "42", "203.0.113.5", 22);
        var key = Blob("ssh-ed25519", 1);

        Assert.Equal(HostKeyVerdict.Learnt, store.Verify(a, "ssh-ed25519", key));
        Assert.Equal(HostKeyVerdict.Known, store.Verify(a, "ssh-ed25519", key));
        Assert.Equal(HostKeyVerdict.Changed, store.Verify(a, "ssh-ed25519", Blob("ssh-ed25519", 2)));
        Assert.Equal(HostKeyVerdict.Learnt, store.Verify(KnownHostsStore.Alias("hetzner", "43", "203.0.113.5", 22), "ssh-ed25519", Blob("ssh-ed25519", 2)));
        Assert.Equal(2, File.ReadAllLines(_knownHosts).Length);

        Assert.Equal(1, store.Forget("hetzner", "42"));
        Assert.Equal(0, store.Forget("hetzner", "42"));
        Assert.Equal(HostKeyVerdict.Learnt, store.Verify(a, "ssh-ed25519", Blob("ssh-ed25519", 2)));
    }

    [Fact]
    public void KnownHosts_RsaSignatureAlgorithm_FiledUnderKeyTypeSshRsa()
    {
        var store = new KnownHostsStore(_knownHosts);
        var alias = KnownHostsStore.Alias("aws", "i-0abc", "198.51.100.7", 2222);

        store.Verify(alias, "rsa-sha2-512", Blob("ssh-rsa", 3));

        Assert.StartsWith("spuff:aws:i-0abc@198.51.100.7:2222 ssh-rsa AAAA", File.ReadAllText(_knownHosts));
        Assert.Equal("ssh-rsa", store.KnownKeyType(alias));
    }

    [Fact]
    public void KnownHostsLocation_EnvironmentVariable_Wins()
    {
        var saved = Environment.GetEnvironmentVariable(KnownHostsLocation.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(KnownHostsLocation.EnvironmentVariable, "/tmp/x/known");
            Assert.Equal("/tmp/x/known", KnownHostsLocation.Default);
            Environment.SetEnvironmentVariable(KnownHostsLocation.EnvironmentVariable, null);
            Assert.EndsWith(Path.Combine("spuff", "known_hosts"), KnownHostsLocation.Default);
        }
        finally
        {
            Environment.SetEnvironmentVariable(KnownHostsLocation.EnvironmentVariable, saved);
        }
    }

    private static byte[] Blob(string type, byte fill)
    {
        var name = System.Text.Encoding.ASCII.GetBytes(type);
        var blob = new byte[4 + name.Length + 4 + 32];
        blob[3] = (byte)name.Length;
        name.CopyTo(blob, 4);
        blob[4 + name.Length + 3] = 32;
        for (var i = blob.Length - 32; i < blob.Length; i++)
        {
            blob[i] = fill;
        }

        return blob;
    }
}
