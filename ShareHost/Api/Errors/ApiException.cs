namespace ShareHost.Api.Errors;

/// <summary>An error the API answers with Manila's fault body. Thrown by services; rendered by <see cref="ErrorHandlingMiddleware"/>.</summary>
public class ApiException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}

public sealed class BadRequestException(string message) : ApiException(StatusCodes.Status400BadRequest, message);

public sealed class UnauthorizedException(string message) : ApiException(StatusCodes.Status401Unauthorized, message);

public sealed class ForbiddenException(string message) : ApiException(StatusCodes.Status403Forbidden, message);

public sealed class NotFoundException(string message) : ApiException(StatusCodes.Status404NotFound, message);

public sealed class ConflictException(string message) : ApiException(StatusCodes.Status409Conflict, message);

/// <summary>Quota exceeded: Manila answers 413 <c>overLimit</c>.</summary>
public sealed class OverLimitException(string message) : ApiException(StatusCodes.Status413PayloadTooLarge, message);

public sealed class UnprocessableException(string message) : ApiException(StatusCodes.Status422UnprocessableEntity, message);

public sealed class ServiceUnavailableException(string message) : ApiException(StatusCodes.Status503ServiceUnavailable, message);
