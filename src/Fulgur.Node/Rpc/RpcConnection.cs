using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Fulgur.Node.Logging;

namespace Fulgur.Node.Rpc;

/// <summary>
/// One client connection. Reads consecutive JSON values with no delimiter (Utf8JsonReader with AllowMultipleValues),
/// starts each request as soon as it is complete without waiting for earlier ones (pipelining), and writes each
/// answer whole, followed by "\n\n", in the order they finish. Bytes that are not JSON get a -32700 answer and the
/// connection is closed once earlier requests have answered: the stream cannot be resynchronised.
/// </summary>
internal sealed class RpcConnection : IDisposable
{
    /// <summary>A single request larger than this is refused (parse error) rather than buffered without end.</summary>
    internal const int MaxRequestBytes = 16 * 1024 * 1024;

    private static readonly byte[] Separator = "\n\n"u8.ToArray();
    private static readonly JsonReaderOptions ReaderOptions = new() { AllowMultipleValues = true, MaxDepth = 64 };

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly RpcDispatcher _dispatcher;
    private readonly Logger _log;
    private readonly CancellationToken _stopping;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly List<Task> _inFlight = [];
    private readonly Lock _inFlightLock = new();
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    public RpcConnection(Socket socket, RpcDispatcher dispatcher, Logger log, CancellationToken stopping)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _dispatcher = dispatcher;
        _log = log;
        _stopping = stopping;
    }

    public async Task RunAsync()
    {
        try
        {
            await ReadLoopAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            _log.Debug($"connection closed: {e.Message}");
        }
        // The client may half-close after writing its requests: answer them all before closing.
        await DrainAsync(Timeout.InfiniteTimeSpan).ConfigureAwait(false);
    }

    private async Task ReadLoopAsync()
    {
        while (true)
        {
            if (_end == _buffer.Length)
                MakeRoom();
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), _stopping).ConfigureAwait(false);
            var isFinal = read == 0;
            _end += read;
            if (!ExtractRequests(isFinal))
                return;
            if (isFinal)
                return;
        }
    }

    /// <summary>Starts every complete request in the buffer. False when the stream must be closed (parse error).</summary>
    private bool ExtractRequests(bool isFinalBlock)
    {
        while (_start < _end)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), isFinalBlock, new JsonReaderState(ReaderOptions));
            JsonDocument? document;
            try
            {
                if (!JsonDocument.TryParseValue(ref reader, out document))
                {
                    // Only whitespace, or a value that is not complete yet.
                    if (isFinalBlock || _end - _start > MaxRequestBytes)
                        return FailParse(isFinalBlock ? "unexpected end of input" : "request too large");
                    return true;
                }
            }
            catch (JsonException e)
            {
                if (!isFinalBlock && IsOnlyWhitespace(_buffer.AsSpan(_start, _end - _start)))
                    return true;
                return FailParse(e.Message);
            }
            if (_log.IsEnabled(LogLevel.Io))
                _log.Io("request: " + Encoding.UTF8.GetString(_buffer, _start, (int)reader.BytesConsumed).Trim());
            _start += (int)reader.BytesConsumed;
            Start(document);
        }
        return true;
    }

    private static bool IsOnlyWhitespace(ReadOnlySpan<byte> bytes) => bytes.TrimStart(" \t\r\n"u8).IsEmpty;

    private bool FailParse(string detail)
    {
        _log.Unusual($"closing JSON-RPC connection: not JSON ({detail})");
        // Answered after the requests before it, so the client sees its answers first and the error last.
        Task[] earlier;
        lock (_inFlightLock)
            earlier = [.. _inFlight];
        Track(WriteAfterAsync(earlier, RpcDispatcher.ParseError(detail)));
        _start = _end;
        return false;
    }

    private void Start(JsonDocument document)
    {
        Track(Task.Run(async () =>
        {
            byte[] response;
            using (document)
                response = await _dispatcher.DispatchAsync(document.RootElement, _stopping).ConfigureAwait(false);
            await WriteAsync(response).ConfigureAwait(false);
        }));
    }

    private async Task WriteAfterAsync(Task[] earlier, byte[] response)
    {
        // Request tasks never fault: the dispatcher turns every failure into an error answer.
        await Task.WhenAll(earlier).ConfigureAwait(false);
        await WriteAsync(response).ConfigureAwait(false);
    }

    private void Track(Task task)
    {
        lock (_inFlightLock)
        {
            _inFlight.RemoveAll(t => t.IsCompleted);
            _inFlight.Add(task);
        }
    }

    private async Task WriteAsync(byte[] response)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            // Writes are not cancelled by shutdown: an answer already computed (stop's own) still reaches its caller.
            if (_log.IsEnabled(LogLevel.Io))
                _log.Io("response: " + Encoding.UTF8.GetString(response));
            await _stream.WriteAsync(response).ConfigureAwait(false);
            await _stream.WriteAsync(Separator).ConfigureAwait(false);
            await _stream.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            _log.Debug($"client left before its answer: {e.Message}");
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void MakeRoom()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
            Array.Resize(ref _buffer, _buffer.Length * 2);
    }

    /// <summary>Waits for every started request to have answered, up to <paramref name="timeout"/>.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        Task[] pending;
        lock (_inFlightLock)
            pending = [.. _inFlight];
        try
        {
            await Task.WhenAll(pending).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _log.Unusual($"{pending.Count(t => !t.IsCompleted)} request(s) still running at shutdown");
        }
    }

    public void Close()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed by the client.
        }
        _stream.Dispose();
    }

    // _writeLock is not disposed: a late answer may still be waiting on it, and without a wait handle it holds nothing.
    public void Dispose() => _stream.Dispose();
}
