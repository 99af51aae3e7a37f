using System.Text;
using System.Text.Json;
using Spuff.Providers.Http;
using Xunit;

namespace Spuff.Core.Tests.Plumbing;

/// <summary>
/// Successful bodies are deserialized from the response stream instead of one large string; every body the text path
/// read must read the same, and every body it refused must fail with the same message.
/// </summary>
public class ResponseJsonTests
{
    public sealed class Named
    {
        public string? Name { get; set; }
    }

    private static async Task<HttpContent> Buffered(byte[] bytes, string? contentType)
    {
        var content = new ByteArrayContent(bytes);
        if (contentType != null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        await content.LoadIntoBufferAsync();   // as the resilience handler leaves every response
        return content;
    }

    private static Task<Named?> Read(HttpContent content) =>
        ResponseJson.ReadAsync<Named>(content, ProviderHttpClient.Json, CancellationToken.None);

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=\"UTF-8\"")]
    [InlineData("application/json; charset=no-such-charset")]
    public async Task ReadAsync_Utf8Body_ReadsNonAsciiName(string? contentType)
    {
        var content = await Buffered(Encoding.UTF8.GetBytes("{\"name\":\"Zürich-€\"}"), contentType);

        Assert.Equal("Zürich-€", (await Read(content))!.Name);
    }

    [Fact]
    public async Task ReadAsync_Utf8BodyWithByteOrderMark_ReadsName()
    {
        var content = await Buffered(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("{\"name\":\"bom\"}")).ToArray(), "application/json");

        Assert.Equal("bom", (await Read(content))!.Name);
    }

    [Fact]
    public async Task ReadAsync_Latin1Charset_DecodesInThatCharset()
    {
        var content = await Buffered(Encoding.Latin1.GetBytes("{\"name\":\"Zürich\"}"), "application/json; charset=iso-8859-1");

        Assert.Equal("Zürich", (await Read(content))!.Name);
    }

    [Fact]
    public async Task ReadAsync_Utf16ByteOrderMarkWithoutCharset_DecodesAsUtf16()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("{\"name\":\"wide\"}")).ToArray();
        var content = await Buffered(bytes, null);

        Assert.Equal("wide", (await Read(content))!.Name);
    }

    [Fact]
    public async Task ReadAsync_InvalidUtf8InsideString_ReadsAsReplacementCharacter()
    {
        // The text path decoded a stray Latin-1 byte to U+FFFD and read on; streaming must not start refusing it.
        var bytes = Encoding.ASCII.GetBytes("{\"name\":\"Z?rich\"}");
        bytes[10] = 0xFC;
        var content = await Buffered(bytes, "application/json");

        Assert.Equal("Z\uFFFDrich", (await Read(content))!.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"name\":")]
    [InlineData("<html>bad gateway</html>")]
    [InlineData("{\"name\":\"a\"} trailing")]
    public async Task ReadAsync_MalformedBody_ThrowsTheTextPathsJsonException(string body)
    {
        var expected = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Named>(body, ProviderHttpClient.Json));
        var content = await Buffered(Encoding.UTF8.GetBytes(body), "application/json");

        var error = await Assert.ThrowsAnyAsync<JsonException>(() => Read(content));

        Assert.Equal(expected.Message, error.Message);
    }

    [Fact]
    public async Task ReadAsync_UnbufferedStream_ReadsName()
    {
        var content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes("{\"name\":\"streamed\"}")));

        Assert.Equal("streamed", (await Read(content))!.Name);
    }

    private sealed class NonSeekableStream : MemoryStream
    {
        public NonSeekableStream(byte[] bytes)
            : base(bytes)
        {
        }

        public override bool CanSeek => false;
    }
}
