using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;
using Fulgur.Node.Config;
using Fulgur.Node.Logging;
using Fulgur.Protocol.Transport;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Peers;

/// <summary>What a <see cref="PeerConnection"/> asks of the peer manager.</summary>
internal interface IPeerConnectionOwner
{
    /// <summary>The peer completed <c>init</c>; the connection is now the peer's current one.</summary>
    Task OnReadyAsync(PeerConnection connection, CancellationToken cancellationToken);

    /// <summary>Delivers a message to the subscribed handlers; false when no handler takes its type.</summary>
    Task<bool> DispatchAsync(PeerConnection connection, IWireMessage message, CancellationToken cancellationToken);

    /// <summary>The connection ended (after <see cref="OnReadyAsync"/> or not).</summary>
    Task OnClosedAsync(PeerConnection connection);
}

/// <summary>
/// One encrypted connection with a peer after the BOLT 8 handshake: the <c>init</c> exchange, then a reader loop
/// (read exactly 18 bytes, decrypt the length, read length + 16, decrypt) that handles messages in order, a single
/// writer loop fed by a bounded mailbox, and a keep-alive <c>ping</c>. Any failure ends this connection only.
/// </summary>
// The cancellation source has no timer and is never asked for its wait handle, so it holds nothing to release; it is
// left undisposed because Abort may race with the end of the connection.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "The CancellationTokenSource has no timer or wait handle; see above.")]
internal sealed class PeerConnection
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly TransportCipher _cipher;
    private readonly PeerOptions _options;
    private readonly TimeProvider _clock;
    private readonly Logger _log;
    private readonly IPeerConnectionOwner _owner;
    private readonly ChainHash _chain;
    private readonly Channel<IWireMessage> _outbox;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<PeerInfo> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<PendingPing> _pings = [];
    private readonly MessageRateLimiter _rate;
    private long _lastReceived;
    private int _lastMessageLength;
    private string? _closeReason;

    public PeerConnection(Socket socket, Stream stream, TransportCipher cipher, PeerDirection direction, HostPort address, ChainHash chain,
        PeerOptions options, TimeProvider clock, Logger log, IPeerConnectionOwner owner)
    {
        _socket = socket;
        _stream = stream;
        _cipher = cipher;
        _chain = chain;
        _options = options;
        _clock = clock;
        _log = log;
        _owner = owner;
        RemoteId = new NodeId(cipher.RemoteStatic);
        Direction = direction;
        Address = address;
        _outbox = Channel.CreateBounded<IWireMessage>(new BoundedChannelOptions(options.OutboxCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _rate = new MessageRateLimiter(options.MaxMessagesPerSecond, options.MessageBurst, clock);
        _lastReceived = clock.GetTimestamp();
    }

    public NodeId RemoteId { get; }

    public PeerDirection Direction { get; }

    public HostPort Address { get; }

    /// <summary>Set once the peer's <c>init</c> was accepted.</summary>
    public PeerInfo? Info { get; private set; }

    /// <summary>Completes with the peer's info after <c>init</c>, or fails with <see cref="PeerConnectException"/> if the connection ends first.</summary>
    public Task<PeerInfo> Ready => _ready.Task;

    /// <summary>Completes when the connection has ended and been cleaned up.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Why the connection ended (or is ending).</summary>
    public string CloseReason => Volatile.Read(ref _closeReason) ?? "connection closed";

    /// <summary>Queues a message; false when the connection is closing. A peer whose mailbox is full is too slow and is dropped.</summary>
    public bool TrySend(IWireMessage message)
    {
        if (_outbox.Writer.TryWrite(message))
            return true;
        if (!_closing.IsCancellationRequested && Volatile.Read(ref _closeReason) is null)
            Abort($"peer is not reading: {_options.OutboxCapacity} messages queued");
        return false;
    }

    /// <summary>Ends the connection now.</summary>
    public void Abort(string reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is null && reason != "connection closed")
            _log.Info($"{RemoteId}: closing connection: {reason}");
        _closing.Cancel();
    }

    /// <summary>
    /// Sends a <c>ping</c> with <paramref name="paddingLength"/> bytes of padding asking for <paramref name="pongBytes"/>, and
    /// returns the length of the <c>pong</c> message (type included), or 0 when the ping asks for no reply.
    /// </summary>
    public async Task<int> PingAsync(ushort paddingLength, ushort pongBytes, CancellationToken cancellationToken)
    {
        var ping = new PingMessage(pongBytes, paddingLength);
        if (!ping.ExpectsPong)
        {
            if (!TrySend(ping))
                throw new PeerConnectException("Peer not connected");
            return 0;
        }
        var pending = new PendingPing(pongBytes, _clock.GetTimestamp(), IsKeepalive: false);
        lock (_pings)
            _pings.Add(pending);
        if (!TrySend(ping))
            throw new PeerConnectException("Peer not connected");
        try
        {
            return await pending.Done.Task.WaitAsync(_options.PongTimeout, _clock, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (_pings)
                _pings.Remove(pending);
            throw new PeerConnectException($"no pong within {_options.PongTimeout.TotalSeconds:0.###} seconds");
        }
    }

    /// <summary>Runs the connection until it ends: sends our <paramref name="localInit"/> first, then reads.</summary>
    public async Task RunAsync(InitMessage localInit)
    {
        var writer = WriterLoopAsync();
        Task? keepalive = null;
        // BOLT #1: "MUST send `init` as the first Lightning message for any connection."
        TrySend(localInit);
        try
        {
            keepalive = await ReadLoopAsync(localInit.Features).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Interlocked.CompareExchange(ref _closeReason, $"connection lost: {e.Message}", null);
        }
#pragma warning disable CA1031 // A handler's failure closes this peer only; the daemon keeps running.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Interlocked.CompareExchange(ref _closeReason, $"internal error: {e.Message}", null);
            _log.Broken($"{RemoteId}: {e}");
        }
        finally
        {
            // A final warning or error queued by the read loop still goes out before the socket closes.
            _outbox.Writer.TryComplete();
            try
            {
                await writer.WaitAsync(_options.WriteTimeout, _clock).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
            Abort("connection closed");
            if (keepalive is not null)
                await keepalive.ConfigureAwait(false);
            await LingerAsync().ConfigureAwait(false);
            Close();
        }
    }

    /// <summary>
    /// Half-closes, then discards what the peer still sends for a moment: closing a socket with unread input sends a
    /// reset, which can destroy the warning or error we just wrote before the peer reads it.
    /// </summary>
    private async Task LingerAsync()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
            using var linger = new CancellationTokenSource(TimeSpan.FromSeconds(1), _clock);
            var sink = new byte[4096];
            for (var total = 0; total < 1 << 20;)
            {
                var read = await _stream.ReadAsync(sink, linger.Token).ConfigureAwait(false);
                if (read == 0)
                    break;
                total += read;
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private void Close()
    {
        _stream.Dispose();
        _socket.Dispose();
        _cipher.Dispose();
        lock (_pings)
        {
            foreach (var ping in _pings)
                ping.Done.TrySetException(new PeerConnectException($"peer disconnected: {CloseReason}"));
            _pings.Clear();
        }
        _ready.TrySetException(new PeerConnectException(CloseReason));
        _log.Debug($"{RemoteId}: disconnected: {CloseReason}");
        _ = NotifyClosedAsync();
    }

    private async Task NotifyClosedAsync()
    {
        try
        {
            await _owner.OnClosedAsync(this).ConfigureAwait(false);
        }
        finally
        {
            _completion.TrySetResult();
        }
    }

    /// <summary>Reads <c>init</c>, then every message in order; returns the keep-alive task once started.</summary>
    private async Task<Task?> ReadLoopAsync(FeatureBits localFeatures)
    {
        var header = new byte[TransportCipher.HeaderLength];
        IWireMessage? first;
        using (var initTimeout = new CancellationTokenSource(_options.InitTimeout, _clock))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token, initTimeout.Token))
        {
            first = await ReadMessageAsync(header, $"no init within {_options.InitTimeout.TotalSeconds:0.###} seconds", initialized: false,
                linked.Token).ConfigureAwait(false);
        }
        if (first is null)
            return null;
        if (first is not InitMessage init)
        {
            // BOLT #1: "MUST wait to receive `init` before sending any other messages." So nothing is sent back.
            End($"first message was type {first.Type}, not init");
            return null;
        }

        // BOLT #1: "MUST combine (bitwise OR) the two feature bitmaps into one logical `features` map."
        var remoteFeatures = init.CombinedFeatures;
        // BOLT #1: "upon receiving unknown _even_ feature bits that are non-zero: - MUST close the connection."
        // BOLT #1: "if the feature vector does not set all known, transitive dependencies: - MUST close the connection."
        var violations = FeatureRules.ValidateRemote(remoteFeatures, localFeatures);
        if (violations.Count > 0)
        {
            var why = string.Join("; ", violations.Select(v => v.ToString()));
            End($"unacceptable features: {why}", new ErrorMessage(ChannelId.All, $"Unacceptable features: {why}"));
            return null;
        }
        // BOLT #1: "upon receiving `networks` containing no common chains - MAY close the connection."
        if (!init.IsInterestedIn(_chain))
        {
            End("no common chain", new ErrorMessage(ChannelId.All, $"No common chain: we are on {_chain.NetworkName ?? _chain.ToString()}"));
            return null;
        }

        Info = new PeerInfo(RemoteId, Direction, Address, remoteFeatures);
        _log.Debug($"{RemoteId}: init received, features {remoteFeatures.Describe()}");
        await _owner.OnReadyAsync(this, _closing.Token).ConfigureAwait(false);
        _ready.TrySetResult(Info);

        var keepalive = KeepaliveLoopAsync();
        while (true)
        {
            var message = await ReadMessageAsync(header, "", initialized: true, _closing.Token).ConfigureAwait(false);
            if (message is null)
                return keepalive;
            if (!_rate.TryTake())
            {
                End($"more than {_options.MaxMessagesPerSecond} messages per second",
                    new WarningMessage(ChannelId.All, "Too many messages: slow down"));
                return keepalive;
            }
            if (!await HandleAsync(message).ConfigureAwait(false))
                return keepalive;
        }
    }

    /// <summary>One message, or null once the connection is to end (the reason recorded, a farewell perhaps queued).</summary>
    private async Task<IWireMessage?> ReadMessageAsync(byte[] header, string headerTimeoutReason, bool initialized, CancellationToken headerToken)
    {
        // BOLT #8: "Read _exactly_ 18 bytes from the network buffer."
        try
        {
            await _stream.ReadExactlyAsync(header, headerToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException)
        {
            return End("peer closed the connection");
        }
        catch (OperationCanceledException) when (!_closing.IsCancellationRequested)
        {
            return End(headerTimeoutReason);
        }
        if (!_cipher.TryDecryptLength(header, out var length, out var error))
            return End($"bad length prefix: {error}");
        if (length > _options.MaxMessageLength)
            return End($"message of {length} bytes exceeds our limit of {_options.MaxMessageLength}");

        // BOLT #8: "Read _exactly_ `l+16` bytes from the network buffer, and let the bytes be known as `c`."
        var bodyLength = length + TransportCipher.MacLength;
        var body = ArrayPool<byte>.Shared.Rent(bodyLength);
        try
        {
            using (var timeout = new CancellationTokenSource(_options.MessageTimeout, _clock))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token, timeout.Token))
            {
                try
                {
                    await _stream.ReadExactlyAsync(body.AsMemory(0, bodyLength), linked.Token).ConfigureAwait(false);
                }
                catch (EndOfStreamException)
                {
                    return End("peer closed the connection in the middle of a message");
                }
                catch (OperationCanceledException) when (!_closing.IsCancellationRequested)
                {
                    return End($"peer stopped in the middle of a {length}-byte message for {_options.MessageTimeout.TotalSeconds:0.###} seconds");
                }
            }
            if (!_cipher.TryDecryptBody(body.AsSpan(0, bodyLength), body, out error))
                return End($"bad message: {error}");
            _lastReceived = _clock.GetTimestamp();
            _lastMessageLength = length;
            if (_log.IsEnabled(LogLevel.Io))
                _log.Io($"{RemoteId}: IN {Fulgur.Crypto.Hex.Encode(body.AsSpan(0, length))}");
            if (!MessageRegistry.Default.TryDecode(body.AsSpan(0, length), out var message, out var wireError))
            {
                // BOLT #1: "upon receiving a message of _even_, unknown type: - MUST close the connection."
                // BOLT #1: "upon receiving a known message with insufficient length for the contents: - MUST close the connection."
                return End($"unreadable message: {wireError.Detail}",
                    initialized ? new WarningMessage(ChannelId.All, $"Unreadable message: {wireError.Detail}") : null);
            }
            return message;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>Handles one message; false when the connection is to end.</summary>
    private async Task<bool> HandleAsync(IWireMessage message)
    {
        switch (message)
        {
            case PingMessage ping:
                // BOLT #1: "if `num_pong_bytes` is less than 65532: - MUST respond by sending a `pong` message, with
                // `byteslen` equal to `num_pong_bytes`."
                if (ping.CreatePong() is { } reply)
                    TrySend(reply);
                return true;
            case PongMessage pong:
                MatchPong(pong);
                return true;
            case WarningMessage warning:
                // BOLT #1: "upon receiving `warning`: - SHOULD log the message for later diagnosis."
                _log.Unusual($"{RemoteId}: peer sent warning (channel {warning.ChannelId}): {warning.DisplayText}");
                await _owner.DispatchAsync(this, warning, _closing.Token).ConfigureAwait(false);
                return true;
            case ErrorMessage error:
                _log.Unusual($"{RemoteId}: peer sent error (channel {error.ChannelId}): {error.DisplayText}");
                // Channels fail what the error names; an all-zero channel_id means every channel with this peer.
                await _owner.DispatchAsync(this, error, _closing.Token).ConfigureAwait(false);
                if (error.IsForAllChannels)
                {
                    End($"peer sent error: {error.DisplayText}");
                    return false;
                }
                return true;
            case InitMessage:
                _log.Unusual($"{RemoteId}: ignoring a second init");
                return true;
            case UnknownMessage unknown:
                // Custom odd messages go to whoever subscribed to their type; otherwise:
                // BOLT #1: "upon receiving a message of _odd_, unknown type: - MUST ignore the received message."
                if (!await _owner.DispatchAsync(this, unknown, _closing.Token).ConfigureAwait(false))
                    _log.Debug($"{RemoteId}: ignoring unknown odd message type {unknown.Type}");
                return true;
            default:
                if (await _owner.DispatchAsync(this, message, _closing.Token).ConfigureAwait(false))
                    return true;
                if (message.Type.IsOdd)
                {
                    _log.Debug($"{RemoteId}: ignoring message type {message.Type}: nothing handles it yet");
                    return true;
                }
                // A message we can parse but do not handle is, to this node, an unknown even message.
                End($"unhandled even message type {message.Type}", new WarningMessage(ChannelId.All, $"Unsupported message type {message.Type}"));
                return false;
        }
    }

    private void MatchPong(PongMessage pong)
    {
        PendingPing? match = null;
        lock (_pings)
        {
            var index = _pings.FindIndex(p => p.PongBytes == pong.Ignored.Length);
            if (index >= 0)
            {
                match = _pings[index];
                _pings.RemoveAt(index);
            }
        }
        if (match is null)
        {
            // BOLT #1: "if `byteslen` does not correspond to any `ping`'s `num_pong_bytes` value it has sent: - MAY close the connection."
            _log.Unusual($"{RemoteId}: ignoring a pong of {pong.Ignored.Length} bytes that answers no ping");
            return;
        }
        match.Done.TrySetResult(_lastMessageLength);
    }

    /// <summary>Sends a ping when the peer has been silent for a while; drops it when a ping goes unanswered too long.</summary>
    private async Task KeepaliveLoopAsync()
    {
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(10).Ticks,
            Math.Min(_options.PingInterval.Ticks, _options.PongTimeout.Ticks) / 4));
        using var timer = new PeriodicTimer(period, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_closing.Token).ConfigureAwait(false))
            {
                var now = _clock.GetTimestamp();
                bool keepalivePending;
                lock (_pings)
                {
                    // BOLT #1: "if it doesn't receive a corresponding `pong`: - MAY close the network connection,"
                    if (_pings.Any(p => p.IsKeepalive && _clock.GetElapsedTime(p.SentAt, now) > _options.PongTimeout))
                    {
                        Abort($"no pong within {_options.PongTimeout.TotalSeconds:0.###} seconds");
                        return;
                    }
                    keepalivePending = _pings.Any(p => p.IsKeepalive);
                }
                if (keepalivePending || _clock.GetElapsedTime(Volatile.Read(ref _lastReceived), now) < _options.PingInterval)
                    continue;
                // A small random reply length, so a keep-alive does not look the same every time.
                var pongBytes = (ushort)Random.Shared.Next(0, 64);
                var pending = new PendingPing(pongBytes, now, IsKeepalive: true);
                lock (_pings)
                    _pings.Add(pending);
                TrySend(new PingMessage(pongBytes));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WriterLoopAsync()
    {
        var frame = ArrayPool<byte>.Shared.Rent(TransportCipher.MaxFrameLength);
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(_closing.Token).ConfigureAwait(false))
            {
                while (_outbox.Reader.TryRead(out var message))
                {
                    var plaintext = MessageRegistry.Encode(message);
                    if (_log.IsEnabled(LogLevel.Io))
                        _log.Io($"{RemoteId}: OUT {Fulgur.Crypto.Hex.Encode(plaintext)}");
                    var length = _cipher.Encrypt(plaintext, frame);
                    using var timeout = new CancellationTokenSource(_options.WriteTimeout, _clock);
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token, timeout.Token);
                    try
                    {
                        await _stream.WriteAsync(frame.AsMemory(0, length), linked.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (timeout.IsCancellationRequested && !_closing.IsCancellationRequested)
                    {
                        Abort($"peer did not read for {_options.WriteTimeout.TotalSeconds:0.###} seconds");
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Abort($"connection lost: {e.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
            // The mailbox is drained and complete (or the connection failed): the reader has nothing more to wait for.
            Abort("connection closed");
        }
    }

    /// <summary>
    /// Ends the connection from outside the read loop: <paramref name="farewell"/> goes out after what is already queued,
    /// then the writer, finding its queue complete, closes the socket.
    /// </summary>
    public void Close(string reason, IWireMessage farewell)
    {
        End(reason, farewell);
        _outbox.Writer.TryComplete();
    }

    /// <summary>Records why the connection ends and queues a last message for the peer; returns null for the reader.</summary>
    private IWireMessage? End(string reason, IWireMessage? farewell = null)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is null)
            _log.Info($"{RemoteId}: closing connection: {reason}");
        if (farewell is not null)
            _outbox.Writer.TryWrite(farewell);
        return null;
    }

    private sealed record PendingPing(ushort PongBytes, long SentAt, bool IsKeepalive)
    {
        public TaskCompletionSource<int> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
