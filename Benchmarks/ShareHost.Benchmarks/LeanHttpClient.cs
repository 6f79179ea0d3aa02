using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace ShareHost.Benchmarks;

/// <summary>
/// A lean HTTP/1.1 load client for the benchmarks' hot loops, the way <c>wrk</c> does it: persistent keep-alive TCP
/// connections to the host on loopback, one request at a time per connection (no pipelining), requests written as
/// ready bytes into a buffer the connection keeps, answers read into another it keeps, and only the one JSON string
/// wanted taken out of them. On 2 cores the load generator shares the CPU with the host, and HttpClient's per-request
/// work (headers collections, content objects, its connection pool) is CPU the host does not get.
/// </summary>
/// <remarks>
/// Loopback only: the base URL must be <c>http://</c> with a loopback IP literal and a port (no names are resolved).
/// <see cref="PostAsync"/> has <see cref="Api.PostAsync"/>'s semantics; transport failures (reset, early close, an
/// answer that is not HTTP/1.1) throw <see cref="HttpRequestException"/> as HttpClient's do, and a request that gets
/// no whole answer within 30 s throws <see cref="TimeoutException"/>.
/// </remarks>
public sealed class LeanHttpClient : IAsyncDisposable
{
    private const int MaxConnections = 256;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly IPEndPoint _endPoint;

    /// <summary>The header lines every request carries, from Host to Content-Type (Content-Length follows).</summary>
    private readonly byte[] _fixedHeaders;

    private readonly ConcurrentStack<Connection> _idle = new();
    private readonly SemaphoreSlim _slots = new(MaxConnections, MaxConnections);
    private volatile bool _disposed;

    public LeanHttpClient(string baseUrl, string token, string microversion = "2.72")
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp ||
            !IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) || !IPAddress.IsLoopback(address) ||
            uri.UserInfo.Length != 0 || uri.PathAndQuery != "/" || uri.Fragment.Length != 0)
        {
            throw new ArgumentException($"'{baseUrl}' is not http://<loopback address>:<port>: the lean client talks to a host on loopback only", nameof(baseUrl));
        }

        RequireHeaderValue(token, nameof(token));
        RequireHeaderValue(microversion, nameof(microversion));
        _endPoint = new IPEndPoint(address, uri.Port);
        _fixedHeaders = Encoding.ASCII.GetBytes(
            $"Host: {uri.Authority}\r\nX-Auth-Token: {token}\r\nX-OpenStack-Manila-API-Version: {microversion}\r\n" +
            "Accept: application/json\r\nContent-Type: application/json; charset=utf-8\r\n");
    }

    /// <summary>POSTs <paramref name="json"/> to <paramref name="path"/> over a pooled keep-alive connection.</summary>
    /// <returns>The first string value of a property named <paramref name="property"/> in the answer, or null.</returns>
    /// <exception cref="InvalidOperationException">The host answered with a status outside 2xx.</exception>
    public async Task<string?> PostAsync(string path, string json, string? property)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (path.Length == 0 || path[0] != '/' || path.AsSpan().ContainsAnyExceptInRange('!', '~'))
        {
            throw new ArgumentException($"'{path}' is not an absolute path of printable ASCII", nameof(path));
        }

        if (!await _slots.WaitAsync(RequestTimeout))
        {
            throw new TimeoutException($"POST {path}: no free connection within {RequestTimeout.TotalSeconds:0} s");
        }

        try
        {
            // A kept connection the host has closed meanwhile (its keep-alive timeout) fails before any answer byte:
            // the host never saw the request, so it goes again once on a new connection, as HttpClient does.
            for (var attempt = 0; ; attempt++)
            {
                Connection? connection = null;
                var reused = attempt == 0 && _idle.TryPop(out connection);
                connection ??= new Connection(_endPoint);
                Answer answer;
                try
                {
                    answer = await connection.SendAsync(path, json, _fixedHeaders, RequestTimeout);
                }
                catch (HttpRequestException) when (reused && !connection.AnswerBegan)
                {
                    connection.Dispose();
                    continue;
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }

                try
                {
                    if (answer.Status is < 200 or > 299)
                    {
                        throw new InvalidOperationException($"POST {path} → {answer.Status}: {Encoding.UTF8.GetString(connection.Body)}");
                    }

                    return property is null ? null : Api.FirstString(connection.Body, property);
                }
                finally
                {
                    if (answer.KeepAlive && !_disposed)
                    {
                        _idle.Push(connection);
                    }
                    else
                    {
                        connection.Dispose();
                    }
                }
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryPop(out var connection))
        {
            connection.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static void RequireHeaderValue(string value, string name)
    {
        if (value.Length == 0 || value.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            throw new ArgumentException("a header value must be non-empty printable ASCII", name);
        }
    }

    private readonly record struct Answer(int Status, bool KeepAlive);

    /// <summary>One keep-alive connection with its own request and answer buffers; used by one request at a time.</summary>
    private sealed class Connection(IPEndPoint endPoint) : IDisposable
    {
        private const int MaxAnswerBytes = 64 << 20;
        private static readonly byte[] RequestLineStart = "POST "u8.ToArray();
        private static readonly byte[] RequestLineEnd = " HTTP/1.1\r\n"u8.ToArray();
        private static readonly byte[] ContentLength = "Content-Length: "u8.ToArray();

        private readonly Socket _socket = new(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        private readonly CancellationTokenSource _timeout = new();
        private bool _connected;
        private byte[] _request = new byte[1024];
        private byte[] _buffer = new byte[8192];

        /// <summary>Bytes received into <see cref="_buffer"/> so far.</summary>
        private int _end;

        /// <summary>Where parsing continues in <see cref="_buffer"/>.</summary>
        private int _pos;

        private int _bodyStart;
        private int _bodyEnd;

        /// <summary>Whether any byte of the answer to the current request has arrived.</summary>
        public bool AnswerBegan => _end > 0;

        /// <summary>The last answer's body (decoded when it came chunked); valid until the next request.</summary>
        public ReadOnlySpan<byte> Body => _buffer.AsSpan(_bodyStart, _bodyEnd - _bodyStart);

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        public async ValueTask<Answer> SendAsync(string path, string json, byte[] fixedHeaders, TimeSpan timeout)
        {
            var length = WriteRequest(path, json, fixedHeaders);
            _timeout.CancelAfter(timeout);
            var cancel = _timeout.Token;
            try
            {
                if (!_connected)
                {
                    await _socket.ConnectAsync(endPoint, cancel);
                    _connected = true;
                }

                _end = _pos = _bodyStart = _bodyEnd = 0;
                for (var sent = 0; sent < length;)
                {
                    sent += await _socket.SendAsync(_request.AsMemory(sent, length - sent), SocketFlags.None, cancel);
                }

                if (!await ReceiveAsync(cancel))
                {
                    throw new HttpRequestException($"POST {path}: the host closed the connection before answering");
                }

                var answer = await ReadAnswerAsync(cancel);
                if (!_timeout.TryReset())
                {
                    // The timer fired just as the answer completed: the source cannot be used again, nor this connection.
                    return answer with { KeepAlive = false };
                }

                return answer;
            }
            catch (OperationCanceledException e) when (_timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"POST {path}: no whole answer within {timeout.TotalSeconds:0} s", e);
            }
            catch (SocketException e)
            {
                throw new HttpRequestException($"POST {path}: {e.Message}", e);
            }
        }

        public void Dispose()
        {
            _socket.Dispose();
            _timeout.Dispose();
        }

        /// <summary>Writes the request line, headers and body into <see cref="_request"/>; returns its length.</summary>
        private int WriteRequest(string path, string json, byte[] fixedHeaders)
        {
            var bodyBytes = Encoding.UTF8.GetByteCount(json);
            var needed = RequestLineStart.Length + path.Length + RequestLineEnd.Length + fixedHeaders.Length + ContentLength.Length + 10 + 4 + bodyBytes;
            if (_request.Length < needed)
            {
                _request = new byte[Math.Max(needed, _request.Length * 2)];
            }

            var span = _request.AsSpan();
            var at = Append(span, 0, RequestLineStart);
            at += Encoding.ASCII.GetBytes(path, span[at..]);
            at = Append(span, at, RequestLineEnd);
            at = Append(span, at, fixedHeaders);
            at = Append(span, at, ContentLength);
            bodyBytes.TryFormat(span[at..], out var digits, default, CultureInfo.InvariantCulture);
            at += digits;
            at = Append(span, at, "\r\n\r\n"u8);
            return at + Encoding.UTF8.GetBytes(json, span[at..]);
        }

        private static int Append(Span<byte> span, int at, ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(span[at..]);
            return at + bytes.Length;
        }

        /// <summary>Reads one answer: status line, headers (skipping 1xx interim answers) and body.</summary>
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<Answer> ReadAnswerAsync(CancellationToken cancel)
        {
            while (true)
            {
                int headersEnd;
                while ((headersEnd = _buffer.AsSpan(_pos, _end - _pos).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    await MoreAsync(cancel);
                }

                headersEnd += _pos;
                var (status, http11, contentLength, chunked, close) = ParseHead(_buffer.AsSpan(_pos, headersEnd + 2 - _pos));
                _pos = headersEnd + 4;
                if (status is >= 100 and < 200)
                {
                    continue;
                }

                _bodyStart = _bodyEnd = _pos;
                var keepAlive = http11 && !close;
                if (status is 204 or 304)
                {
                    // No body.
                }
                else if (chunked)
                {
                    await ReadChunkedAsync(cancel);
                }
                else if (contentLength is { } bodyLength)
                {
                    if (bodyLength > MaxAnswerBytes)
                    {
                        throw new HttpRequestException($"an answer of {bodyLength} bytes is more than the lean client takes");
                    }

                    while (_end - _pos < bodyLength)
                    {
                        await MoreAsync(cancel);
                    }

                    _pos += (int)bodyLength;
                    _bodyEnd = _pos;
                }
                else
                {
                    // Neither a length nor chunked: the body runs until the host closes the connection.
                    while (await ReceiveAsync(cancel))
                    {
                    }

                    _pos = _bodyEnd = _end;
                    keepAlive = false;
                }

                // No pipelining: bytes after the answer mean the connection is out of step; do not use it again.
                return new Answer(status, keepAlive && _pos == _end);
            }
        }

        private static (int Status, bool Http11, long? ContentLength, bool Chunked, bool Close) ParseHead(ReadOnlySpan<byte> head)
        {
            // Each line of head ends with CRLF. "HTTP/1.1 200 OK"
            var lineEnd = head.IndexOf("\r\n"u8);
            var statusLine = head[..lineEnd];
            if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != ' ' ||
                !int.TryParse(statusLine.Slice(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status) ||
                (statusLine.Length > 12 && statusLine[12] != ' '))
            {
                throw new HttpRequestException($"not an HTTP/1.x status line: {Encoding.ASCII.GetString(statusLine)}");
            }

            var http11 = statusLine[7] == '1';
            long? contentLength = null;
            var chunked = false;
            var close = false;
            for (var rest = head[(lineEnd + 2)..]; !rest.IsEmpty; rest = rest[(lineEnd + 2)..])
            {
                lineEnd = rest.IndexOf("\r\n"u8);
                var line = rest[..lineEnd];
                var colon = line.IndexOf((byte)':');
                if (colon <= 0)
                {
                    throw new HttpRequestException($"not a header line: {Encoding.ASCII.GetString(line)}");
                }

                var name = line[..colon];
                var value = line[(colon + 1)..].Trim(" \t"u8);
                if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
                {
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || (contentLength is { } seen && seen != parsed))
                    {
                        throw new HttpRequestException($"a bad Content-Length: {Encoding.ASCII.GetString(value)}");
                    }

                    contentLength = parsed;
                }
                else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
                {
                    // Only chunked alone is understood: no compression is asked for, and Kestrel sends nothing else unasked.
                    chunked = Ascii.EqualsIgnoreCase(value, "chunked"u8);
                    if (!chunked)
                    {
                        throw new HttpRequestException($"an unsupported Transfer-Encoding: {Encoding.ASCII.GetString(value)}");
                    }
                }
                else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
                {
                    close |= HasToken(value, "close"u8);
                }
            }

            return (status, http11, contentLength, chunked, close);
        }

        private static bool HasToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
        {
            foreach (var range in value.Split((byte)','))
            {
                if (Ascii.EqualsIgnoreCase(value[range].Trim(" \t"u8), token))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Decodes a chunked body in place: each chunk's data moves down to follow the data before it, so the body
        /// ends up whole at <see cref="_bodyStart"/>..<see cref="_bodyEnd"/>.
        /// </summary>
        private async ValueTask ReadChunkedAsync(CancellationToken cancel)
        {
            while (true)
            {
                var size = await ChunkSizeAsync(cancel);
                if (size == 0)
                {
                    // Trailer lines (none from Kestrel here), then the empty line that ends the body.
                    while (true)
                    {
                        var lineEnd = await LineEndAsync(cancel);
                        var empty = lineEnd == _pos;
                        _pos = lineEnd + 2;
                        if (empty)
                        {
                            return;
                        }
                    }
                }

                if (_bodyEnd - _bodyStart + size > MaxAnswerBytes)
                {
                    throw new HttpRequestException("a chunked answer longer than the lean client takes");
                }

                for (var left = (int)size; left > 0;)
                {
                    if (_pos == _end)
                    {
                        await MoreAsync(cancel);
                    }

                    var n = Math.Min(left, _end - _pos);
                    _buffer.AsSpan(_pos, n).CopyTo(_buffer.AsSpan(_bodyEnd));
                    _bodyEnd += n;
                    _pos += n;
                    left -= n;
                }

                while (_end - _pos < 2)
                {
                    await MoreAsync(cancel);
                }

                if (_buffer[_pos] != '\r' || _buffer[_pos + 1] != '\n')
                {
                    throw new HttpRequestException("a chunk not followed by CRLF");
                }

                _pos += 2;
            }
        }

        /// <summary>Reads a chunk-size line (hex, optionally ";extensions") and moves past it.</summary>
        private async ValueTask<long> ChunkSizeAsync(CancellationToken cancel)
        {
            var lineEnd = await LineEndAsync(cancel);
            var line = _buffer.AsSpan(_pos, lineEnd - _pos);
            var semicolon = line.IndexOf((byte)';');
            var hex = (semicolon >= 0 ? line[..semicolon] : line).Trim(" \t"u8);
            if (hex.Length is 0 or > 8 || !long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
            {
                throw new HttpRequestException($"a bad chunk size line: {Encoding.ASCII.GetString(line)}");
            }

            _pos = lineEnd + 2;
            return size;
        }

        /// <summary>The index of the CRLF that ends the line at <see cref="_pos"/>, receiving until it is there.</summary>
        private async ValueTask<int> LineEndAsync(CancellationToken cancel)
        {
            int found;
            while ((found = _buffer.AsSpan(_pos, _end - _pos).IndexOf("\r\n"u8)) < 0)
            {
                await MoreAsync(cancel);
            }

            return _pos + found;
        }

        /// <summary>Receives more of an answer that has begun; the host closing the connection now is an error.</summary>
        private async ValueTask MoreAsync(CancellationToken cancel)
        {
            if (!await ReceiveAsync(cancel))
            {
                throw new HttpRequestException("the host closed the connection in the middle of an answer");
            }
        }

        /// <summary>Receives into the free end of the buffer; false when the host has closed the connection.</summary>
        private async ValueTask<bool> ReceiveAsync(CancellationToken cancel)
        {
            if (_end == _buffer.Length)
            {
                // While a chunked body is decoded, the framing already read (between the body's end and _pos) is dead
                // space: drop it before growing. (_bodyEnd is 0 until the body begins.)
                if (_bodyEnd > 0 && _pos > _bodyEnd)
                {
                    _buffer.AsSpan(_pos, _end - _pos).CopyTo(_buffer.AsSpan(_bodyEnd));
                    _end -= _pos - _bodyEnd;
                    _pos = _bodyEnd;
                }

                if (_end == _buffer.Length)
                {
                    if (_buffer.Length >= MaxAnswerBytes + 65536)
                    {
                        throw new HttpRequestException("an answer longer than the lean client takes");
                    }

                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }
            }

            var received = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancel);
            _end += received;
            return received > 0;
        }
    }
}
