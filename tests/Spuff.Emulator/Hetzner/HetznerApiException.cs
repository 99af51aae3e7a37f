namespace Spuff.Emulator.Hetzner;

/// <summary>Raised inside the Hetzner handlers to answer <c>{"error":{"code","message","details"}}</c>.</summary>
internal sealed class HetznerApiException : Exception
{
    public HetznerApiException(int statusCode, string code, string message, object? details = null)
        : base(message)
    {
        StatusCode = statusCode;
        Code = code;
        Details = details;
    }

    public int StatusCode { get; }

    public string Code { get; }

    public object? Details { get; }

    public static HetznerApiException NotFound(string what) =>
        new(StatusCodes.Status404NotFound, "not_found", $"{what} not found");

    /// <summary>422 invalid_input with <c>details.fields[]</c>, the shape clients read field names from.</summary>
    public static HetznerApiException InvalidInput(string field, string message) =>
        new(StatusCodes.Status422UnprocessableEntity, "invalid_input", $"invalid input in field '{field}'",
            new { fields = new[] { new { name = field, messages = new[] { message } } } });

    public static HetznerApiException Uniqueness(string field, string message) =>
        new(StatusCodes.Status409Conflict, "uniqueness_error", message, new { fields = new[] { new { name = field } } });

    public static HetznerApiException JsonError(string message) =>
        new(StatusCodes.Status400BadRequest, "json_error", message);
}
