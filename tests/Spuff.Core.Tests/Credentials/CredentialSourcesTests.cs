using Spuff.Core;
using Spuff.Providers.Credentials;
using Xunit;

namespace Spuff.Core.Tests.Credentials;

/// <summary>The lookup order of every provider, against a temporary home and a fake environment (never the real ones).</summary>
public sealed class CredentialSourcesTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "spuff-creds-" + Guid.NewGuid().ToString("n"));
    private readonly Dictionary<string, string> _variables = new();

    public CredentialSourcesTests() => Directory.CreateDirectory(_home);

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private CredentialEnvironment Environment => new(name => _variables.TryGetValue(name, out var v) ? v : null, _home, isWindows: false);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_home, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private const string Hcloud = """
        active_context = "work"

        [[contexts]]
          name = "play"
          token = "play-token"

        [[contexts]]
          name = "work"
          token = "work-token"
        """;

    [Fact]
    public void Find_HetznerWithNothing_IsNotFound()
    {
        var found = CredentialSources.Find(ProviderType.Hetzner, environment: Environment);
        Assert.False(found.IsFound);
        Assert.Null(found.Token);
    }

    [Fact]
    public void Find_HetznerActiveContext_UsesItsToken()
    {
        Write(".config/hcloud/cli.toml", Hcloud);
        var found = CredentialSources.Find(ProviderType.Hetzner, environment: Environment);
        Assert.Equal("work-token", found.Token);
        Assert.Equal("hcloud CLI context 'work' (~/.config/hcloud/cli.toml)", found.Source);
    }

    [Fact]
    public void Find_HetznerContextVariable_OverridesTheActiveContext()
    {
        Write(".config/hcloud/cli.toml", Hcloud);
        _variables["HCLOUD_CONTEXT"] = "play";
        var found = CredentialSources.Find(ProviderType.Hetzner, environment: Environment);
        Assert.Equal("play-token", found.Token);
        Assert.Contains("$env:HCLOUD_CONTEXT", found.Source);
    }

    [Fact]
    public void Find_HetznerConfigVariable_ReadsThatFile()
    {
        Write("elsewhere/hcloud.toml", Hcloud);
        _variables["HCLOUD_CONFIG"] = Path.Combine(_home, "elsewhere/hcloud.toml");
        Assert.Equal("work-token", CredentialSources.Find(ProviderType.Hetzner, environment: Environment).Token);
    }

    [Fact]
    public void Find_HetznerVariables_WinOverTheCli()
    {
        Write(".config/hcloud/cli.toml", Hcloud);
        _variables["HCLOUD_TOKEN"] = "from-hcloud-variable";
        var found = CredentialSources.Find(ProviderType.Hetzner, environment: Environment);
        Assert.Equal(("from-hcloud-variable", "$env:HCLOUD_TOKEN"), (found.Token, found.Source));
        _variables["HETZNER_TOKEN"] = " from-spuff-variable ";
        found = CredentialSources.Find(ProviderType.Hetzner, environment: Environment);
        Assert.Equal(("from-spuff-variable", "$env:HETZNER_TOKEN"), (found.Token, found.Source));
    }

    [Theory]
    [InlineData("active_context = \"gone\"\n[[contexts]]\nname = \"work\"\ntoken = \"t\"\n", "'gone' is not in")]
    [InlineData("[[contexts]]\nname = \"work\"\ntoken = \"t\"\n", "no active context")]
    [InlineData("active_context = \"work\"\n[[contexts]]\nname = \"work\"\n", "has no token")]
    [InlineData("active_context = \"work\n", "could not be read")]
    public void Find_HetznerBrokenConfig_IsNotFoundWithANote(string text, string note)
    {
        Write(".config/hcloud/cli.toml", text);
        var found = CredentialSources.Find(ProviderType.Hetzner, environment: Environment);
        Assert.False(found.IsFound);
        Assert.Contains(note, found.Note);
    }

    [Fact]
    public void Find_DigitalOceanDefaultContext_UsesAccessToken()
    {
        Write(".config/doctl/config.yaml", "access-token: default-token\ncontext: default\n");
        var found = CredentialSources.Find(ProviderType.DigitalOcean, environment: Environment);
        Assert.Equal(("default-token", "doctl config (~/.config/doctl/config.yaml)"), (found.Token, found.Source));
    }

    [Fact]
    public void Find_DigitalOceanNamedContext_UsesAuthContexts()
    {
        Write(".config/doctl/config.yaml", "access-token: default-token\nauth-contexts:\n  team: team-token\ncontext: team\n");
        var found = CredentialSources.Find(ProviderType.DigitalOcean, environment: Environment);
        Assert.Equal(("team-token", "doctl context 'team' (~/.config/doctl/config.yaml)"), (found.Token, found.Source));

        _variables["DIGITALOCEAN_CONTEXT"] = "default";
        Assert.Equal("default-token", CredentialSources.Find(ProviderType.DigitalOcean, environment: Environment).Token);
    }

    [Fact]
    public void Find_DigitalOceanXdgConfigHome_IsWhereDoctlLooks()
    {
        Write("xdg/doctl/config.yaml", "access-token: xdg-token\n");
        _variables["XDG_CONFIG_HOME"] = Path.Combine(_home, "xdg");
        Assert.Equal("xdg-token", CredentialSources.Find(ProviderType.DigitalOcean, environment: Environment).Token);
    }

    [Fact]
    public void Find_DigitalOceanVariables_WinInOrder()
    {
        Write(".config/doctl/config.yaml", "access-token: file-token\n");
        _variables["DIGITALOCEAN_ACCESS_TOKEN"] = "doctl-variable";
        Assert.Equal("$env:DIGITALOCEAN_ACCESS_TOKEN", CredentialSources.Find(ProviderType.DigitalOcean, environment: Environment).Source);
        _variables["DIGITALOCEAN_TOKEN"] = "spuff-variable";
        Assert.Equal("spuff-variable", CredentialSources.Find(ProviderType.DigitalOcean, environment: Environment).Token);
    }

    [Fact]
    public void Find_DigitalOceanMissingContext_IsNotFoundWithANote()
    {
        Write(".config/doctl/config.yaml", "access-token: t\ncontext: other\n");
        var found = CredentialSources.Find(ProviderType.DigitalOcean, environment: Environment);
        Assert.False(found.IsFound);
        Assert.Contains("'other'", found.Note);
    }

    [Fact]
    public void Find_AwsNothing_IsNotFound()
    {
        _variables["AWS_EC2_METADATA_DISABLED"] = "true";
        Assert.False(CredentialSources.Find(ProviderType.Aws, environment: Environment).IsFound);
    }

    [Fact]
    public void Find_AwsRegionOnlyDefaultProfile_IsNotACredential()
    {
        _variables["AWS_EC2_METADATA_DISABLED"] = "true";
        Write(".aws/config", "[default]\nregion = eu-west-1\n");
        Assert.False(CredentialSources.Find(ProviderType.Aws, environment: Environment).IsFound);
    }

    [Theory]
    [InlineData("[default]\nsso_session = corp\nsso_account_id = 1\n")]
    [InlineData("[profile default]\ncredential_process = /bin/get-creds\n")]
    [InlineData("[default]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = base\n")]
    public void Find_AwsConfigOnlyProfile_IsFound(string config)
    {
        Write(".aws/config", config);
        var found = CredentialSources.Find(ProviderType.Aws, environment: Environment);
        Assert.Equal("AWS profile 'default' (~/.aws/config)", found.Source);
        Assert.Null(found.Token);
    }

    [Fact]
    public void Find_AwsNamedProfile_LooksForProfileSectionInConfigAndPlainInCredentials()
    {
        Write(".aws/config", "[profile dev]\nsso_session = corp\n[ops]\nrole_arn = x\n");
        Write(".aws/credentials", "[ops]\naws_access_key_id = AKIA\naws_secret_access_key = s\n");
        _variables["AWS_PROFILE"] = "dev";
        Assert.Equal("AWS profile 'dev' ($env:AWS_PROFILE, ~/.aws/config)", CredentialSources.Find(ProviderType.Aws, environment: Environment).Source);
        Assert.Equal("AWS profile 'ops' (-ProfileName, ~/.aws/credentials)", CredentialSources.Find(ProviderType.Aws, "ops", Environment).Source);
    }

    [Fact]
    public void Find_AwsUnknownNamedProfile_IsReportedSoTheSdkErrorShows()
    {
        _variables["AWS_PROFILE"] = "missing";
        var found = CredentialSources.Find(ProviderType.Aws, environment: Environment);
        Assert.True(found.IsFound);
        Assert.Contains("'missing'", found.Source);
        Assert.Contains("not in", found.Source);
    }

    [Fact]
    public void Find_AwsChainOrder_EnvironmentKeysThenWebIdentityThenProfileThenContainer()
    {
        _variables["AWS_EC2_METADATA_DISABLED"] = "true";
        _variables["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/creds";
        Assert.Equal("container credentials ($env:AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)", CredentialSources.Find(ProviderType.Aws, environment: Environment).Source);
        Write(".aws/credentials", "[default]\naws_access_key_id = AKIA\n");
        Assert.Equal("AWS profile 'default' (~/.aws/credentials)", CredentialSources.Find(ProviderType.Aws, environment: Environment).Source);
        _variables["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/tmp/token";
        _variables["AWS_ROLE_ARN"] = "arn";
        Assert.StartsWith("web identity", CredentialSources.Find(ProviderType.Aws, environment: Environment).Source);
        _variables["AWS_ACCESS_KEY_ID"] = "AKIA";
        Assert.StartsWith("web identity", CredentialSources.Find(ProviderType.Aws, environment: Environment).Source);
        _variables["AWS_SECRET_ACCESS_KEY"] = "secret";
        Assert.Equal("$env:AWS_ACCESS_KEY_ID", CredentialSources.Find(ProviderType.Aws, environment: Environment).Source);
    }

    [Fact]
    public void Find_AwsSharedFileVariables_AreRead()
    {
        Write("custom/creds", "[default]\naws_access_key_id = AKIA\n");
        _variables["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_home, "custom/creds");
        Assert.Equal("AWS profile 'default' (~/custom/creds)", CredentialSources.Find(ProviderType.Aws, environment: Environment).Source);
    }

    [Fact]
    public void Region_FromVariablesThenProfileThenFallback()
    {
        Assert.Equal("us-east-1", AwsCredentialProbe.Region(null, Environment, "us-east-1"));
        Write(".aws/config", "[default]\nregion = eu-west-1\n[profile dev]\nregion = ap-south-1\n");
        Assert.Equal("eu-west-1", AwsCredentialProbe.Region(null, Environment, "us-east-1"));
        Assert.Equal("ap-south-1", AwsCredentialProbe.Region("dev", Environment, "us-east-1"));
        _variables["AWS_PROFILE"] = "dev";
        Assert.Equal("ap-south-1", AwsCredentialProbe.Region(null, Environment, "us-east-1"));
        _variables["AWS_DEFAULT_REGION"] = "sa-east-1";
        Assert.Equal("sa-east-1", AwsCredentialProbe.Region(null, Environment, "us-east-1"));
        _variables["AWS_REGION"] = "eu-north-1";
        Assert.Equal("eu-north-1", AwsCredentialProbe.Region(null, Environment, "us-east-1"));
    }

    [Fact]
    public void Find_DockerHost_IsTheSource()
    {
        _variables["DOCKER_HOST"] = "unix:///tmp/x.sock";
        Assert.Equal("$env:DOCKER_HOST", CredentialSources.Find(ProviderType.Docker, environment: Environment).Source);
    }

    [Fact]
    public void Find_NeverPutsTheSecretInTheSource()
    {
        Write(".config/hcloud/cli.toml", Hcloud);
        Write(".config/doctl/config.yaml", "access-token: secret-do\n");
        Assert.DoesNotContain("work-token", CredentialSources.Find(ProviderType.Hetzner, environment: Environment).Source);
        Assert.DoesNotContain("secret-do", CredentialSources.Find(ProviderType.DigitalOcean, environment: Environment).Source);
    }
}
