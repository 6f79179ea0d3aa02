namespace ShareHost.Api.Errors;

/// <summary>
/// A request body that refuses to be read past a limit: reading more throws a 413 <see cref="ApiException"/>, which
/// the error middleware renders as Manila's <c>overLimit</c> fault (not an <see cref="IOException"/>, which the
/// framework's body binding would swallow).
/// </summary>
public sealed class LimitedRequestStream(Stream inner, long limitBytes, string message) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _read += read;
        if (_read > limitBytes)
        {
            throw new ApiException(StatusCodes.Status413PayloadTooLarge, message);
        }

        return read;
    }
}
