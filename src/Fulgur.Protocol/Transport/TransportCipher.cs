using System.Buffers.Binary;
using Fulgur.Crypto;

namespace Fulgur.Protocol.Transport;

/// <summary>
/// The encryption of an established BOLT 8 session, produced by a completed <see cref="NoiseHandshake"/>.
/// <para>
/// Sending: <see cref="Encrypt(ReadOnlySpan{byte}, Span{byte})"/> writes one frame, <c>lc || c</c>, of
/// <see cref="FrameLength"/> bytes. Receiving is two steps, so a socket reader never over-reads: read exactly
/// <see cref="HeaderLength"/> bytes and pass them to <see cref="TryDecryptLength(ReadOnlySpan{byte}, out int, out TransportError)"/>,
/// then read exactly <c>length + </c><see cref="MacLength"/> bytes and pass them to
/// <see cref="TryDecryptBody(ReadOnlySpan{byte}, Span{byte}, out TransportError)"/>.
/// </para>
/// <para>
/// The sending and receiving halves share no state, so one writer and one reader may use them concurrently; neither
/// half is thread-safe on its own. Nothing on these paths allocates, except a new AEAD instance at each key rotation.
/// </para>
/// </summary>
public sealed class TransportCipher : IDisposable
{
    /// <summary>The length of a Poly1305 tag.</summary>
    public const int MacLength = NoiseAead.TagLength;

    /// <summary>The encrypted length prefix: 2 bytes of big-endian length plus its MAC.</summary>
    public const int HeaderLength = LengthPrefixLength + MacLength;

    // BOLT #8: "The *maximum* size of _any_ Lightning message MUST NOT exceed `65535` bytes."
    public const int MaxMessageLength = ushort.MaxValue;

    /// <summary>BOLT #8: "for a total maximum packet length of `2 + 16 + 65535 + 16` = `65569` bytes."</summary>
    public const int MaxFrameLength = HeaderLength + MaxMessageLength + MacLength;

    private const int LengthPrefixLength = 2;
    private const int NoPendingBody = -1;

    private readonly CipherState _sending;
    private readonly CipherState _receiving;
    private int _pendingBodyLength = NoPendingBody;
    private bool _receiveFailed;

    internal TransportCipher(ReadOnlySpan<byte> sendingKey, ReadOnlySpan<byte> receivingKey, ReadOnlySpan<byte> chainingKey,
        PublicKey remoteStatic)
    {
        // BOLT #8: "`rck = sck = ck`" (and "`rn = 0, sn = 0`").
        _sending = new CipherState(sendingKey, chainingKey);
        _receiving = new CipherState(receivingKey, chainingKey);
        RemoteStatic = remoteStatic;
    }

    /// <summary>The authenticated static key (node id) of the other side.</summary>
    public PublicKey RemoteStatic { get; }

    /// <summary>True while a length prefix has been decrypted and its body is awaited.</summary>
    public bool IsAwaitingBody => _pendingBodyLength != NoPendingBody;

    internal CipherState Sending => _sending;

    internal CipherState Receiving => _receiving;

    /// <summary>The number of bytes a message of <paramref name="messageLength"/> bytes occupies on the wire.</summary>
    public static int FrameLength(int messageLength) => HeaderLength + messageLength + MacLength;

    /// <summary>
    /// Encrypts <paramref name="message"/> into <paramref name="destination"/> as <c>lc || c</c> and returns the number of
    /// bytes written (<see cref="FrameLength"/>). The message may already sit at <c>destination[18..]</c> (encrypted in place).
    /// </summary>
    /// <exception cref="ArgumentException">The message exceeds 65535 bytes or the destination is too small.</exception>
    public int Encrypt(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        if (message.Length > MaxMessageLength)
            throw new ArgumentException($"a Lightning message is at most {MaxMessageLength} bytes", nameof(message));
        var frameLength = FrameLength(message.Length);
        if (destination.Length < frameLength)
            throw new ArgumentException($"destination must hold {frameLength} bytes", nameof(destination));

        // BOLT #8: "Serialize `l` into 2 bytes encoded as a big-endian integer."
        Span<byte> length = stackalloc byte[LengthPrefixLength];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)message.Length);
        // BOLT #8: "Encrypt `l` (using `ChaChaPoly-1305`, `sn`, and `sk`), to obtain `lc` (18 bytes)"
        _sending.Encrypt(length, destination[..HeaderLength]);
        // BOLT #8: "Finally, encrypt the message itself (`m`) using the same procedure used to encrypt the length prefix."
        _sending.Encrypt(message, destination[HeaderLength..frameLength]);
        return frameLength;
    }

    /// <summary>Encrypts <paramref name="message"/> into a new frame.</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> message)
    {
        if (message.Length > MaxMessageLength)
            throw new ArgumentException($"a Lightning message is at most {MaxMessageLength} bytes", nameof(message));
        var frame = new byte[FrameLength(message.Length)];
        Encrypt(message, frame);
        return frame;
    }

    /// <summary>
    /// Decrypts an 18-byte length prefix. On success <paramref name="messageLength"/> is the length of the message that
    /// follows; read exactly <c>messageLength + 16</c> bytes next and pass them to <see cref="TryDecryptBody(ReadOnlySpan{byte}, Span{byte}, out TransportError)"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A decrypted length's body has not been read yet.</exception>
    public bool TryDecryptLength(ReadOnlySpan<byte> header, out int messageLength, out TransportError error)
    {
        messageLength = 0;
        if (_pendingBodyLength != NoPendingBody)
            throw new InvalidOperationException("the body of the previous length prefix has not been decrypted");
        if (_receiveFailed)
            return Fail(TransportError.ReceiverFailed, out error);
        // BOLT #8: "Read _exactly_ 18 bytes from the network buffer."
        if (header.Length != HeaderLength)
            return Fail(TransportError.HeaderWrongLength, out error);

        Span<byte> length = stackalloc byte[LengthPrefixLength];
        // BOLT #8: "Decrypt `lc` (using `ChaCha20-Poly1305`, `rn`, and `rk`), to obtain the size of the encrypted packet `l`."
        if (!_receiving.TryDecrypt(header, length))
            return Fail(TransportError.HeaderBadTag, out error);

        messageLength = BinaryPrimitives.ReadUInt16BigEndian(length);
        _pendingBodyLength = messageLength;
        error = TransportError.None;
        return true;
    }

    /// <inheritdoc cref="TryDecryptLength(ReadOnlySpan{byte}, out int, out TransportError)"/>
    public bool TryDecryptLength(ReadOnlySpan<byte> header, out int messageLength) => TryDecryptLength(header, out messageLength, out _);

    /// <summary>
    /// Decrypts the body announced by the last length prefix (its ciphertext and MAC, <c>length + 16</c> bytes) into the
    /// first <c>length</c> bytes of <paramref name="message"/>, which may be <paramref name="body"/> itself (in place).
    /// </summary>
    /// <exception cref="InvalidOperationException">No length prefix has been decrypted.</exception>
    /// <exception cref="ArgumentException"><paramref name="message"/> is shorter than the announced length.</exception>
    public bool TryDecryptBody(ReadOnlySpan<byte> body, Span<byte> message, out TransportError error)
    {
        if (_pendingBodyLength == NoPendingBody)
            throw new InvalidOperationException("no length prefix has been decrypted");
        var length = _pendingBodyLength;
        if (message.Length < length)
            throw new ArgumentException($"message must hold {length} bytes", nameof(message));
        _pendingBodyLength = NoPendingBody;

        // BOLT #8: "Read _exactly_ `l+16` bytes from the network buffer, and let the bytes be known as `c`."
        if (body.Length != length + MacLength)
            return Fail(TransportError.BodyWrongLength, out error);
        // BOLT #8: "Decrypt `c` (using `ChaCha20-Poly1305`, `rn`, and `rk`), to obtain decrypted plaintext packet `p`."
        if (!_receiving.TryDecrypt(body, message[..length]))
            return Fail(TransportError.BodyBadTag, out error);
        error = TransportError.None;
        return true;
    }

    /// <inheritdoc cref="TryDecryptBody(ReadOnlySpan{byte}, Span{byte}, out TransportError)"/>
    public bool TryDecryptBody(ReadOnlySpan<byte> body, Span<byte> message) => TryDecryptBody(body, message, out _);

    private bool Fail(TransportError reason, out TransportError error)
    {
        _receiveFailed = true;
        error = reason;
        return false;
    }

    public void Dispose()
    {
        _sending.Dispose();
        _receiving.Dispose();
    }
}
