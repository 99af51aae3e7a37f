using Spuff.Providers.Credentials;
using Xunit;

namespace Spuff.Core.Tests.Credentials;

public sealed class MiniYamlTests
{
    [Fact]
    public void Parse_DoctlConfigShape_ReadsTokensAndContexts()
    {
        var document = MiniYaml.Parse("""
            access-token: dop_v1_default
            apps:
              dev:
                config: ""
            auth-contexts:
              team: dop_v1_team   # a comment
              "quoted name": 'it''s'
            context: team
            kubernetes:
              clusters:
              - one
              - two
            output: text
            empty-map: {}
            nothing:
            """);

        Assert.Equal("dop_v1_default", document["access-token"]);
        Assert.Equal("team", document["context"]);
        var contexts = Assert.IsType<Dictionary<string, object?>>(document["auth-contexts"]);
        Assert.Equal("dop_v1_team", contexts["team"]);
        Assert.Equal("it's", contexts["quoted name"]);
        var clusters = ((Dictionary<string, object?>)document["kubernetes"]!)["clusters"];
        Assert.Equal(new List<object?> { "one", "two" }, clusters);
        Assert.Equal("", ((Dictionary<string, object?>)((Dictionary<string, object?>)document["apps"]!)["dev"]!)["config"]);
        Assert.Empty(Assert.IsType<Dictionary<string, object?>>(document["empty-map"]));
        Assert.Null(document["nothing"]);
        Assert.Equal("text", document["output"]);
    }

    [Fact]
    public void Parse_DoubleQuotedEscapesAndBlockScalars_AreDecoded()
    {
        var document = MiniYaml.Parse("---\nkey: \"a\\tb\\u0041\"\nblock: |\n  one\n  two\nafter: x\n");
        Assert.Equal("a\tbA", document["key"]);
        Assert.Equal("one\ntwo", document["block"]);
        Assert.Equal("x", document["after"]);
    }

    [Theory]
    [InlineData("a: 1\n  b: 2\n", "line 2")]
    [InlineData("a: 1\na: 2\n", "line 2")]
    [InlineData("a: \"open\n", "line 1")]
    [InlineData("a: &anchor x\n", "line 1")]
    [InlineData("a: {b: 1}\n", "line 1")]
    [InlineData("just text\n", "line 1")]
    [InlineData("- item\n", "line 1")]
    public void Parse_Unsupported_ThrowsFormatExceptionWithLine(string text, string line)
    {
        var error = Assert.Throws<FormatException>(() => MiniYaml.Parse(text));
        Assert.StartsWith(line, error.Message);
    }
}
