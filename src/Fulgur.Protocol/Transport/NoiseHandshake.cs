using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Fulgur.Crypto;

namespace Fulgur.Protocol.Transport;

/// <summary>
/// The BOLT 8 <c>Noise_XK_secp256k1_ChaChaPoly_SHA256</c> handshake as a pure state machine: no I/O, fixed-size acts in
/// and out. The initiator calls <see cref="WriteActOne"/> then
/// <see cref="TryReadActTwo(ReadOnlySpan{byte}, Span{byte}, out TransportCipher?, out HandshakeError)"/> (which also writes
/// Act Three); the responder calls <see cref="TryReadActOne"/>, <see cref="WriteActTwo"/> then
/// <see cref="TryReadActThree"/>. Bad input from the peer is reported as a <see cref="HandshakeError"/>, never thrown;
/// calling a step out of order, or for the wrong role, is a programming error and throws
/// <see cref="InvalidOperationException"/>. After a failure the handshake is over.
/// </summary>
/// <remarks>
/// The handshake owns its ephemeral key and disposes it when the handshake ends; the static key stays the caller's.
/// </remarks>
public sealed class NoiseHandshake : IDisposable
{
    // BOLT #8: "**Act One**: 50 bytes", "**Act Two**: 50 bytes", "**Act Three**: 66 bytes"
    public const int ActOneLength = 1 + PublicKey.CompressedLength + NoiseAead.TagLength;
    public const int ActTwoLength = 1 + PublicKey.CompressedLength + NoiseAead.TagLength;
    public const int ActThreeLength = 1 + PublicKey.CompressedLength + 2 * NoiseAead.TagLength;

    // BOLT #8: "A version of 0 indicates that no change is necessary"
    private const byte HandshakeVersion = 0;

    // BOLT #8: "`c` is the next 49 bytes of `m`, and `t` is the last 16 bytes of `m`"
    private const int EncryptedStaticEnd = 1 + PublicKey.CompressedLength + NoiseAead.TagLength;

    private readonly PrivateKey _localStatic;
    private readonly PrivateKey _ephemeral;
    private readonly HandshakeState _state;
    private PublicKey? _remoteStatic;
    private PublicKey? _remoteEphemeral;
    private Step _next;

    private NoiseHandshake(bool isInitiator, PrivateKey localStatic, PublicKey? remoteStatic, PrivateKey? ephemeral)
    {
        ArgumentNullException.ThrowIfNull(localStatic);
        IsInitiator = isInitiator;
        _localStatic = localStatic;
        _remoteStatic = remoteStatic;
        // BOLT #8: "For each session, a node MUST generate a new ephemeral key with strong cryptographic randomness."
        _ephemeral = ephemeral ?? PrivateKey.Generate();
        _state = new HandshakeState(isInitiator ? remoteStatic! : localStatic.PublicKey);
        _next = isInitiator ? Step.WriteActOne : Step.ReadActOne;
    }

    private enum Step
    {
        WriteActOne,
        ReadActOne,
        WriteActTwo,
        ReadActTwo,
        ReadActThree,
        Complete,
        Failed,
    }

    /// <summary>
    /// The initiating side, which must know the responder's static key (BOLT #8: "As a pre-message, the initiator must know
    /// the identity public key of the responder."). <paramref name="ephemeral"/> is for test vectors only.
    /// </summary>
    public static NoiseHandshake Initiator(PrivateKey localStatic, PublicKey remoteStatic, PrivateKey? ephemeral = null)
    {
        ArgumentNullException.ThrowIfNull(remoteStatic);
        return new NoiseHandshake(isInitiator: true, localStatic, remoteStatic, ephemeral);
    }

    /// <summary>The responding side; it learns the initiator's static key from Act Three. <paramref name="ephemeral"/> is for test vectors only.</summary>
    public static NoiseHandshake Responder(PrivateKey localStatic, PrivateKey? ephemeral = null) =>
        new(isInitiator: false, localStatic, remoteStatic: null, ephemeral);

    public bool IsInitiator { get; }

    /// <summary>True once the handshake produced a <see cref="TransportCipher"/>.</summary>
    public bool IsComplete => _next == Step.Complete;

    /// <summary>True once an act was rejected; no further step is possible.</summary>
    public bool IsFailed => _next == Step.Failed;

    /// <summary>The other side's static key: known from the start by the initiator, after Act Three by the responder.</summary>
    public PublicKey? RemoteStatic => _remoteStatic;

    /// <summary>The handshake hash <c>h</c> (public: it is never secret, and it is what the test vectors trace).</summary>
    internal ReadOnlySpan<byte> HandshakeHash => _state.Hash;

    internal ReadOnlySpan<byte> ChainingKey => _state.ChainingKey;

    /// <summary>Initiator: writes the 50-byte Act One (<c>-&gt; e, es</c>) into <paramref name="actOne"/>.</summary>
    public void WriteActOne(Span<byte> actOne)
    {
        Expect(Step.WriteActOne);
        RequireLength(actOne, ActOneLength);
        actOne = actOne[..ActOneLength];
        WriteEphemeralAct(_remoteStatic!, actOne);
        _next = Step.ReadActTwo;
    }

    /// <summary>Responder: checks the initiator's Act One. On false the connection is to be closed with nothing sent.</summary>
    public bool TryReadActOne(ReadOnlySpan<byte> actOne, out HandshakeError error)
    {
        Expect(Step.ReadActOne);
        // BOLT #8 (Act One, receiver): "Read _exactly_ 50 bytes from the network buffer."
        error = ReadEphemeralAct(actOne, _localStatic, HandshakeError.ActOneWrongLength, HandshakeError.ActOneBadVersion,
            HandshakeError.ActOneBadPublicKey, HandshakeError.ActOneBadTag);
        if (error != HandshakeError.None)
            return Failed();
        _next = Step.WriteActTwo;
        return true;
    }

    /// <summary>Responder: writes the 50-byte Act Two (<c>&lt;- e, ee</c>) into <paramref name="actTwo"/>.</summary>
    public void WriteActTwo(Span<byte> actTwo)
    {
        Expect(Step.WriteActTwo);
        RequireLength(actTwo, ActTwoLength);
        actTwo = actTwo[..ActTwoLength];
        // BOLT #8 (Act Two, sender): "`ee = ECDH(e.priv, re)`"
        WriteEphemeralAct(_remoteEphemeral!, actTwo);
        _next = Step.ReadActThree;
    }

    /// <summary>
    /// Initiator: checks the responder's Act Two and, when it is good, writes the 66-byte Act Three (<c>-&gt; s, se</c>) into
    /// <paramref name="actThree"/> and completes the handshake. Send Act Three, then use <paramref name="cipher"/>.
    /// </summary>
    public bool TryReadActTwo(ReadOnlySpan<byte> actTwo, Span<byte> actThree, [NotNullWhen(true)] out TransportCipher? cipher,
        out HandshakeError error)
    {
        Expect(Step.ReadActTwo);
        RequireLength(actThree, ActThreeLength);
        actThree = actThree[..ActThreeLength];
        cipher = null;
        // BOLT #8 (Act Two, receiver): "Read _exactly_ 50 bytes from the network buffer."
        // BOLT #8: "`ee = ECDH(e.priv, re)`" where "`re` is the responder's ephemeral public key"
        error = ReadEphemeralAct(actTwo, _ephemeral, HandshakeError.ActTwoWrongLength, HandshakeError.ActTwoBadVersion,
            HandshakeError.ActTwoBadPublicKey, HandshakeError.ActTwoBadTag);
        if (error != HandshakeError.None)
            return Failed();

        actThree[0] = HandshakeVersion;
        // BOLT #8: "`c = encryptWithAD(temp_k2, 1, h, s.pub.serializeCompressed())`" then "`h = SHA-256(h || c)`"
        _state.EncryptAndHash(1, _localStatic.PublicKey.Compressed, actThree[1..EncryptedStaticEnd]);
        // BOLT #8: "`se = ECDH(s.priv, re)`" then "`ck, temp_k3 = HKDF(ck, se)`"
        _state.MixKey(_localStatic, _remoteEphemeral!);
        // BOLT #8: "`t = encryptWithAD(temp_k3, 0, h, zero)`"; "Send `m = 0 || c || t` over the network buffer."
        _state.EncryptWithAd(0, ReadOnlySpan<byte>.Empty, actThree[EncryptedStaticEnd..]);

        // BOLT #8: "`sk, rk = HKDF(ck, zero)`"
        cipher = Finish(sendingFirst: true);
        return true;
    }

    /// <summary>
    /// Responder: checks the initiator's Act Three, learns its static key (<see cref="RemoteStatic"/>, also on the cipher)
    /// and completes the handshake.
    /// </summary>
    public bool TryReadActThree(ReadOnlySpan<byte> actThree, [NotNullWhen(true)] out TransportCipher? cipher, out HandshakeError error)
    {
        Expect(Step.ReadActThree);
        cipher = null;
        // BOLT #8 (Act Three, receiver): "Read _exactly_ 66 bytes from the network buffer."
        if (actThree.Length != ActThreeLength)
            return Failed(HandshakeError.ActThreeWrongLength, out error);
        // BOLT #8: "If `v` is an unrecognized handshake version, then the responder MUST abort the connection attempt."
        if (actThree[0] != HandshakeVersion)
            return Failed(HandshakeError.ActThreeBadVersion, out error);

        // BOLT #8: "`rs = decryptWithAD(temp_k2, 1, h, c)`" then "`h = SHA-256(h || c)`"
        Span<byte> remoteStatic = stackalloc byte[PublicKey.CompressedLength];
        if (!_state.TryDecryptAndHash(1, actThree[1..EncryptedStaticEnd], remoteStatic))
            return Failed(HandshakeError.ActThreeBadCiphertext, out error);
        if (!PublicKey.TryParse(remoteStatic, out var rs) || remoteStatic[0] is not (0x02 or 0x03))
            return Failed(HandshakeError.ActThreeBadPublicKey, out error);

        // BOLT #8: "`se = ECDH(e.priv, rs)`" then "`ck, temp_k3 = HKDF(ck, se)`"
        _state.MixKey(_ephemeral, rs);
        // BOLT #8: "`p = decryptWithAD(temp_k3, 0, h, t)`"
        if (!_state.TryDecryptWithAd(0, actThree[EncryptedStaticEnd..], Span<byte>.Empty))
            return Failed(HandshakeError.ActThreeBadTag, out error);

        _remoteStatic = rs;
        // BOLT #8: "`rk, sk = HKDF(ck, zero)`"
        cipher = Finish(sendingFirst: false);
        error = HandshakeError.None;
        return true;
    }

    /// <summary>Zeroes the handshake's secrets and disposes its ephemeral key.</summary>
    public void Dispose()
    {
        _state.Dispose();
        _ephemeral.Dispose();
        if (_next is not Step.Complete)
            _next = Step.Failed;
    }

    // Act One and Act Two share a shape: 0 || e.pub || encryptWithAD(temp_k, 0, h, zero), after mixing ECDH(e, remote).
    private void WriteEphemeralAct(PublicKey remote, Span<byte> act)
    {
        var ephemeralPublic = _ephemeral.PublicKey.Compressed;
        // BOLT #8: "`h = SHA-256(h || e.pub.serializeCompressed())`"
        _state.MixHash(ephemeralPublic);
        // BOLT #8: "`es = ECDH(e.priv, rs)`" / "`ee = ECDH(e.priv, re)`", then "`ck, temp_k1 = HKDF(ck, es)`" / "`ck, temp_k2 = HKDF(ck, ee)`"
        _state.MixKey(_ephemeral, remote);
        // BOLT #8: "Send `m = 0 || e.pub.serializeCompressed() || c`"
        act[0] = HandshakeVersion;
        ephemeralPublic.CopyTo(act[1..]);
        // BOLT #8: "`c = encryptWithAD(temp_k1, 0, h, zero)`" then "`h = SHA-256(h || c)`"
        _state.EncryptAndHash(0, ReadOnlySpan<byte>.Empty, act[(1 + PublicKey.CompressedLength)..]);
    }

    // The receiving side of Act One and Act Two: ECDH(local, re) with local = s (Act One) or e (Act Two).
    private HandshakeError ReadEphemeralAct(ReadOnlySpan<byte> act, PrivateKey local, HandshakeError wrongLength,
        HandshakeError badVersion, HandshakeError badPublicKey, HandshakeError badTag)
    {
        if (act.Length != ActOneLength)
            return wrongLength;
        // BOLT #8: "If `v` is an unrecognized handshake version, then the responder MUST abort the connection attempt."
        if (act[0] != HandshakeVersion)
            return badVersion;
        // BOLT #8: "The raw bytes of the remote party's ephemeral public key (`re`) are to be deserialized into a point on
        // the curve using affine coordinates as encoded by the key's serialized composed format."
        var reBytes = act.Slice(1, PublicKey.CompressedLength);
        if (reBytes[0] is not (0x02 or 0x03) || !PublicKey.TryParse(reBytes, out var re))
            return badPublicKey;
        // BOLT #8: "`h = SHA-256(h || re.serializeCompressed())`"
        _state.MixHash(reBytes);
        // BOLT #8: "`es = ECDH(s.priv, re)`" / "`ee = ECDH(e.priv, re)`", then "`ck, temp_k1 = HKDF(ck, es)`" / "`ck, temp_k2 = HKDF(ck, ee)`"
        _state.MixKey(local, re);
        // BOLT #8: "`p = decryptWithAD(temp_k1, 0, h, c)`" then "`h = SHA-256(h || c)`"
        if (!_state.TryDecryptAndHash(0, act[(1 + PublicKey.CompressedLength)..], Span<byte>.Empty))
            return badTag;
        _remoteEphemeral = re;
        return HandshakeError.None;
    }

    private TransportCipher Finish(bool sendingFirst)
    {
        Span<byte> first = stackalloc byte[NoiseAead.KeyLength];
        Span<byte> second = stackalloc byte[NoiseAead.KeyLength];
        try
        {
            _state.Split(first, second);
            // BOLT #8: "`rck = sck = ck`"
            var cipher = sendingFirst
                ? new TransportCipher(first, second, _state.ChainingKey, _remoteStatic!)
                : new TransportCipher(second, first, _state.ChainingKey, _remoteStatic!);
            _next = Step.Complete;
            _state.Dispose();
            _ephemeral.Dispose();
            return cipher;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(first);
            CryptographicOperations.ZeroMemory(second);
        }
    }

    private bool Failed()
    {
        _next = Step.Failed;
        _state.Dispose();
        _ephemeral.Dispose();
        return false;
    }

    private bool Failed(HandshakeError reason, out HandshakeError error)
    {
        error = reason;
        return Failed();
    }

    private void Expect(Step step)
    {
        if (_next != step)
            throw new InvalidOperationException($"the {(IsInitiator ? "initiator" : "responder")} cannot {step} now (next step: {_next})");
    }

    private static void RequireLength(Span<byte> buffer, int length)
    {
        if (buffer.Length < length)
            throw new ArgumentException($"the act needs {length} bytes", nameof(buffer));
    }
}
