using Spuff.Providers.Credentials;
using Xunit;

namespace Spuff.Core.Tests.Credentials;

public sealed class MiniTomlTests
{
    [Fact]
    public void Parse_HcloudConfigShape_ReadsContextsAndNestedPreferences()
    {
        var document = MiniToml.Parse("""
            # written by hcloud
            active_context = "work"

            [preferences]
              debug = false
              sort.server = ["id", "name"]

            [[contexts]]
              name = "play"
              token = "play-token"

            [[contexts]]
              name = 'work'
              token = "work\u0041token" # comment after a value

              [contexts.preferences]
                location = "fsn1"
                default_ssh_keys = [
                  "a",
                  "b", # trailing comma
                ]
            """);

        Assert.Equal("work", document["active_context"]);
        var contexts = Assert.IsType<List<object>>(document["contexts"]);
        Assert.Equal(2, contexts.Count);
        var work = Assert.IsType<Dictionary<string, object>>(contexts[1]);
        Assert.Equal("work", work["name"]);
        Assert.Equal("workAtoken", work["token"]);
        var preferences = Assert.IsType<Dictionary<string, object>>(work["preferences"]);
        Assert.Equal("fsn1", preferences["location"]);
        Assert.Equal(new List<object> { "a", "b" }, preferences["default_ssh_keys"]);
        Assert.False(((Dictionary<string, object>)contexts[0]).ContainsKey("preferences"));
        var global = Assert.IsType<Dictionary<string, object>>(document["preferences"]);
        Assert.Equal("false", global["debug"]);
        Assert.Equal(new List<object> { "id", "name" }, ((Dictionary<string, object>)global["sort"])["server"]);
    }

    [Fact]
    public void Parse_StringForms_DecodeEscapesAndKeepLiterals()
    {
        var document = MiniToml.Parse(""""
            basic = "a\"b\\c\tq"
            literal = 'C:\path\no escapes'
            "quoted key" = 1
            multi = """
            line one
            line two"""
            inline = { name = "x", n = 2 }
            """");

        Assert.Equal("a\"b\\c\tq", document["basic"]);
        Assert.Equal(@"C:\path\no escapes", document["literal"]);
        Assert.Equal("1", document["quoted key"]);
        Assert.Equal("line one\nline two", document["multi"]);
        Assert.Equal("x", ((Dictionary<string, object>)document["inline"])["name"]);
    }

    [Theory]
    [InlineData("token = \"unterminated\n", "line 1")]
    [InlineData("a = 1\na = 2\n", "line 2")]
    [InlineData("[[contexts]\nname = \"x\"\n", "line 1")]
    [InlineData("key value\n", "line 1")]
    [InlineData("x = \"bad \\q escape\"\n", "line 1")]
    [InlineData("a = \"x\" trailing\n", "line 1")]
    public void Parse_Malformed_ThrowsFormatExceptionWithLine(string text, string line)
    {
        var error = Assert.Throws<FormatException>(() => MiniToml.Parse(text));
        Assert.StartsWith(line, error.Message);
    }

    [Fact]
    public void Parse_EmptyOrCommentsOnly_IsEmpty()
    {
        Assert.Empty(MiniToml.Parse(""));
        Assert.Empty(MiniToml.Parse("# nothing\n\n"));
    }
}
