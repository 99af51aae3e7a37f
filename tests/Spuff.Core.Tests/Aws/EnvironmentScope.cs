namespace Spuff.Core.Tests.Aws;

/// <summary>Sets environment variables for one test and puts the old values back. Only for tests of the moto
/// collection, which run one at a time, and only for variables no other collection reads.</summary>
public sealed class EnvironmentScope : IDisposable
{
    private readonly Dictionary<string, string?> _saved = new();

    public EnvironmentScope Set(string name, string? value)
    {
        if (!_saved.ContainsKey(name))
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
        }

        Environment.SetEnvironmentVariable(name, value);
        return this;
    }

    /// <summary>Hides every source of AWS credentials and region the SDK's default chain would find (the shared
    /// files are the fixture's, which have no default profile).</summary>
    public EnvironmentScope WithoutAwsCredentials() =>
        Set("AWS_ACCESS_KEY_ID", null)
            .Set("AWS_SECRET_ACCESS_KEY", null)
            .Set("AWS_SESSION_TOKEN", null)
            .Set("AWS_PROFILE", null)
            .Set("AWS_DEFAULT_PROFILE", null)
            .Set("AWS_REGION", null)
            .Set("AWS_DEFAULT_REGION", null)
            .Set("AWS_WEB_IDENTITY_TOKEN_FILE", null)
            .Set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", null)
            .Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", null)
            .Set("AWS_EC2_METADATA_DISABLED", "true");

    public void Dispose()
    {
        foreach (var pair in _saved)
        {
            Environment.SetEnvironmentVariable(pair.Key, pair.Value);
        }
    }
}
