namespace Spuff.Emulator.DigitalOcean;

/// <summary>Raised inside the DigitalOcean handlers to answer with an error in DigitalOcean's shape.</summary>
internal sealed class DigitalOceanApiException : Exception
{
    public DigitalOceanApiException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public int StatusCode { get; }

    public static DigitalOceanApiException NotFound(string message = "The resource you were accessing could not be found.") =>
        new(StatusCodes.Status404NotFound, message);

    public static DigitalOceanApiException Unprocessable(string message) =>
        new(StatusCodes.Status422UnprocessableEntity, message);

    public static DigitalOceanApiException BadRequest(string message) =>
        new(StatusCodes.Status400BadRequest, message);
}
