using System.Net;
using System.Net.Sockets;
using Fulgur.Crypto;
using Fulgur.Protocol.Transport;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;

namespace Fulgur.Node.Tests.Peers;

/// <summary>
/// A raw TCP peer that sends exactly the bytes a test scripts, misbehaving ones included: raw handshake bytes, a
/// proper BOLT 8 handshake, encrypted frames with chosen length prefixes or broken MACs, and messages of any type.
/// Every read has a timeout; <see cref="WaitClosedAsync"/> reads until the node hangs up.
/// </summary>
internal sealed class ScriptedPeer : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private TransportCipher? _cipher;

    private ScriptedPeer(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public PrivateKey Key { get; } = PrivateKey.Generate();

    public NodeId Id => new(Key.PublicKey);

    /// <summary>Bytes the node sent before closing, counted by <see cref="WaitClosedAsync"/> when there was no handshake.</summary>
    public int RawBytesReceived { get; private set; }

    public static async Task<ScriptedPeer> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = new CancellationTokenSource(Timeout);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
        return new ScriptedPeer(socket);
    }

    public async Task SendRawAsync(byte[] bytes)
    {
        using var cts = new CancellationTokenSource(Timeout);
        await _stream.WriteAsync(bytes, cts.Token);
    }

    /// <summary>Completes the handshake as initiator towards <paramref name="responder"/>.</summary>
    public async Task HandshakeAsync(PublicKey responder)
    {
        using var handshake = NoiseHandshake.Initiator(Key, responder);
        var actOne = new byte[NoiseHandshake.ActOneLength];
        handshake.WriteActOne(actOne);
        await SendRawAsync(actOne);
        var actTwo = new byte[NoiseHandshake.ActTwoLength];
        using var cts = new CancellationTokenSource(Timeout);
        await _stream.ReadExactlyAsync(actTwo, cts.Token);
        var actThree = new byte[NoiseHandshake.ActThreeLength];
        Assert.True(handshake.TryReadActTwo(actTwo, actThree, out var cipher, out var error), $"act two: {error}");
        _cipher = cipher;
        await SendRawAsync(actThree);
    }

    /// <summary>Handshake, then our <c>init</c> (regtest, no features unless given), then the node's <c>init</c>.</summary>
    public async Task<InitMessage> HandshakeAndInitAsync(PublicKey responder, FeatureBits? features = null)
    {
        await HandshakeAsync(responder);
        await SendAsync(new InitMessage(features ?? FeatureBits.Empty, [ChainHash.Regtest]));
        return Assert.IsType<InitMessage>(await ReceiveAsync());
    }

    public Task SendAsync(IWireMessage message) => SendPlaintextAsync(MessageRegistry.Encode(message));

    public async Task SendPlaintextAsync(byte[] plaintext) => await SendRawAsync(Cipher.Encrypt(plaintext));

    /// <summary>The frame for <paramref name="plaintext"/>, not sent (the nonce advances: send it, or a tampered copy, next).</summary>
    public byte[] EncryptOnly(byte[] plaintext) => Cipher.Encrypt(plaintext);

    private TransportCipher Cipher => _cipher ?? throw new InvalidOperationException("no handshake yet");

    /// <summary>The next message, or null when the node closed the connection.</summary>
    public async Task<IWireMessage?> ReceiveAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        var header = new byte[TransportCipher.HeaderLength];
        try
        {
            await _stream.ReadExactlyAsync(header, cts.Token);
            Assert.True(Cipher.TryDecryptLength(header, out var length));
            var body = new byte[length + TransportCipher.MacLength];
            await _stream.ReadExactlyAsync(body, cts.Token);
            Assert.True(Cipher.TryDecryptBody(body, body));
            Assert.True(MessageRegistry.Default.TryDecode(body.AsSpan(0, length), out var message, out var error), error.Detail);
            return message;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            return null;
        }
    }

    /// <summary>Reads (discarding messages other than <typeparamref name="T"/>) until one of type T arrives; null if the node hung up first.</summary>
    public async Task<T?> ReceiveAsync<T>()
        where T : class, IWireMessage
    {
        while (true)
        {
            var message = await ReceiveAsync();
            if (message is null or T)
                return message as T;
        }
    }

    /// <summary>True once the node closed the connection (reads end), within the timeout; messages before that are collected.</summary>
    public async Task<List<IWireMessage>> WaitClosedAsync()
    {
        var seen = new List<IWireMessage>();
        if (_cipher is null)
        {
            var buffer = new byte[256];
            using var cts = new CancellationTokenSource(Timeout);
            try
            {
                int read;
                while ((read = await _stream.ReadAsync(buffer, cts.Token)) > 0)
                    RawBytesReceived += read;
            }
            catch (IOException)
            {
            }
            return seen;
        }
        while (await ReceiveAsync() is { } message)
            seen.Add(message);
        return seen;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _cipher?.Dispose();
        Key.Dispose();
    }
}
